#include "mock_facade/pns/pns_config.hpp"

#include <yaml-cpp/yaml.h>

#include "common/error/error.hpp"

namespace oxh::facade::pns {

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& message, int line = 0, int column = 0) {
  throw OxhException(Error("oxh.pns.config", message, SourcePosition{file, line, column}));
}

SourcePosition where(const std::string& file, const YAML::Node& node) {
  return {file, node.Mark().line + 1, node.Mark().column + 1};
}

// Each top-level key is a client id mapping to a map of scalar options.
template <typename Fn>
void forEachClient(const std::string& yaml, const std::string& file, Fn&& fn) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    fail(file, "not YAML: " + e.msg, e.mark.line + 1, e.mark.column + 1);
  }
  if (!root || root.IsNull()) {
    return;
  }
  if (!root.IsMap()) {
    throw OxhException(Error("oxh.pns.config", "expected a map of client ids", where(file, root)));
  }
  for (const auto& item : root) {
    const auto client = item.first.as<std::string>();
    const auto& options = item.second;
    if (!options.IsMap()) {
      throw OxhException(
          Error("oxh.pns.config", "client '" + client + "' needs a map of options", where(file, options)));
    }
    std::map<std::string, std::string> values;
    for (const auto& option : options) {
      if (!option.second.IsScalar()) {
        throw OxhException(Error("oxh.pns.config",
                                 "option '" + option.first.as<std::string>() + "' of '" + client + "' must be a scalar",
                                 where(file, option.second)));
      }
      values[option.first.as<std::string>()] = option.second.as<std::string>();
    }
    fn(client, values, options);
  }
}

std::string get(const std::map<std::string, std::string>& values, const std::string& key, std::string fallback = {}) {
  auto it = values.find(key);
  return it == values.end() ? fallback : it->second;
}

std::optional<bool> getBool(const std::map<std::string, std::string>& values, const std::string& key) {
  auto it = values.find(key);
  if (it == values.end()) {
    return std::nullopt;
  }
  return parseJavaBoolean(it->second);
}

}  // namespace

void PnsConfig::addProperties(const std::string& text) {
  for (auto& [key, value] : parseJavaProperties(text)) {
    properties[key] = value;
  }
}

void PnsConfig::addApnsOptions(const std::string& yaml, const std::string& file) {
  forEachClient(yaml, file, [&](const std::string& client, const auto& values, const YAML::Node&) {
    ApnsClientOptions options;
    options.enabled = getBool(values, "enabled").value_or(true);
    options.keystore = get(values, "keystore");
    options.password = get(values, "password");
    options.production = getBool(values, "production").value_or(true);
    options.topic = get(values, "topic");
    options.authtype = get(values, "authtype");
    options.privatekey = get(values, "privatekey");
    options.keyid = get(values, "keyid");
    options.teamid = get(values, "teamid");
    apns[client] = options;
  });
}

void PnsConfig::addGcmOptions(const std::string& yaml, const std::string& file) {
  forEachClient(yaml, file, [&](const std::string& client, const auto& values, const YAML::Node& node) {
    GcmClientOptions options;
    options.enabled = getBool(values, "enabled").value_or(true);
    options.key = get(values, "key");
    if (options.enabled && options.key.empty()) {
      throw OxhException(Error("oxh.pns.config", "client '" + client + "' has no 'key'", where(file, node)));
    }
    gcm[client] = options;
  });
}

void PnsConfig::addFacadeClients(const std::string& yaml, const std::string& file) {
  forEachClient(yaml, file, [&](const std::string& client, const auto& values, const YAML::Node&) {
    facadeClients[client] = {getBool(values, "enabled").value_or(true), get(values, "description")};
  });
}

void PnsConfig::addMailPush(const std::string& text) {
  const auto values = parseJavaProperties(text);
  // The code reads the plural key (ox.md 4.2); mail_push.md's singular is a doc typo, which a
  // partner file may still carry, so it is read when the plural is absent.
  auto it = values.find("com.openexchange.push.allowedClients");
  if (it == values.end()) {
    it = values.find("com.openexchange.push.allowedClient");
  }
  if (it != values.end()) {
    allowedClients = parseQuotedList(it->second);
  }
  if (auto v = values.find("com.openexchange.push.allowPermanentPush"); v != values.end()) {
    allowPermanentPush = parseJavaBoolean(v->second);
  }
  if (auto v = values.find("com.openexchange.push.credstorage.enabled"); v != values.end()) {
    credstorageEnabled = parseJavaBoolean(v->second);
  }
  if (auto v = values.find("com.openexchange.push.credstorage.passcrypt"); v != values.end()) {
    credstoragePasscrypt = v->second;
  }
  if (auto v = values.find("com.openexchange.push.credstorage.rdb"); v != values.end()) {
    credstorageRdb = parseJavaBoolean(v->second);
  }
}

PnsConfig PnsConfig::load(const PnsConfigFiles& files) {
  PnsConfig config;
  for (const auto& path : files.properties) {
    config.addProperties(readConfigFile(path));
  }
  if (!files.apnsOptions.empty()) {
    config.addApnsOptions(readConfigFile(files.apnsOptions), files.apnsOptions);
  }
  if (!files.gcmOptions.empty()) {
    config.addGcmOptions(readConfigFile(files.gcmOptions), files.gcmOptions);
  }
  if (!files.facadeClients.empty()) {
    config.addFacadeClients(readConfigFile(files.facadeClients), files.facadeClients);
  }
  if (!files.mailPush.empty()) {
    config.addMailPush(readConfigFile(files.mailPush));
  }
  return config;
}

PnsConfig PnsConfig::harnessDefaults() {
  PnsConfig config;
  config.addProperties(
      "com.openexchange.pns.delayDuration=0\n"
      "com.openexchange.pns.transport.apn.ios.enabled=true\n"
      "com.openexchange.pns.transport.apns_http2.ios.enabled=true\n"
      "com.openexchange.pns.transport.gcm.enabled=true\n");
  return config;
}

std::optional<std::string> PnsConfig::property(const std::string& key) const {
  auto it = properties.find(key);
  if (it == properties.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::chrono::milliseconds PnsConfig::delayDuration() const {
  const auto value = property("com.openexchange.pns.delayDuration");
  if (!value) {
    return std::chrono::milliseconds(1000);
  }
  try {
    return std::chrono::milliseconds(std::stoll(*value));
  } catch (const std::exception&) {
    throw OxhException(Error("oxh.pns.config", "com.openexchange.pns.delayDuration is not a number: '" + *value + "'"));
  }
}

bool PnsConfig::badgeEnabled() const {
  return parseJavaBoolean(property("com.openexchange.pns.mobile.api.facade.apn.badge.enabled").value_or("true"));
}

bool PnsConfig::soundEnabled() const {
  return parseJavaBoolean(property("com.openexchange.pns.mobile.api.facade.apn.sound.enabled").value_or("true"));
}

std::string PnsConfig::soundFilename() const {
  return property("com.openexchange.pns.mobile.api.facade.apn.sound.filename").value_or("default");
}

bool PnsConfig::transportEnabled(const std::string& transport, const std::string& client,
                                 const std::string& topic) const {
  std::string base;
  if (transport == "apn") {
    base = "com.openexchange.pns.transport.apn.ios.enabled";
  } else if (transport == "apns_http2") {
    base = "com.openexchange.pns.transport.apns_http2.ios.enabled";
  } else if (transport == "gcm") {
    base = "com.openexchange.pns.transport.gcm.enabled";
  } else {
    return false;
  }
  bool enabled = false;
  if (auto v = property(base + "." + client + "." + topic)) {
    enabled = parseJavaBoolean(*v);
  } else if (auto v2 = property(base + "." + client)) {
    enabled = parseJavaBoolean(*v2);
  } else if (auto v3 = property(base)) {
    enabled = parseJavaBoolean(*v3);
  }
  if (!enabled) {
    return false;
  }
  if (transport == "gcm") {
    auto it = gcm.find(client);
    return it == gcm.end() || it->second.enabled;
  }
  auto it = apns.find(client);
  return it == apns.end() || it->second.enabled;
}

bool PnsConfig::generatorServes(const std::string& client) const {
  if (client == kFacadeClient) {
    return true;
  }
  auto it = facadeClients.find(client);
  return it != facadeClients.end() && it->second.enabled;
}

bool PnsConfig::permanentPushAllowed(const std::string& client) const {
  if (!allowPermanentPush) {
    return false;
  }
  for (const auto& pattern : allowedClients) {
    if (wildcardMatch(pattern, client)) {
      return true;
    }
  }
  return false;
}

}  // namespace oxh::facade::pns
