#include "runner/certify/deployment.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

namespace oxh::runner::certify {
namespace {

SourcePosition at(const std::string& file, const YAML::Node& node) {
  const auto mark = node.Mark();
  return {file, mark.line + 1, mark.column + 1};
}

[[noreturn]] void fail(const std::string& id, const std::string& message, const std::string& file, const YAML::Node& node) {
  throw OxhException(Error(id, message, at(file, node)));
}

void checkKeys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& what,
               const std::string& file) {
  if (!map.IsMap()) {
    fail("oxh.certify.wrong-type", what + " must be a mapping", file, map);
  }
  for (const auto& item : map) {
    const auto key = item.first.as<std::string>();
    if (allowed.count(key) == 0) {
      std::string known;
      for (const auto& name : allowed) {
        known += (known.empty() ? "" : ", ") + name;
      }
      fail("oxh.certify.unknown-key", "unknown key '" + key + "' in " + what + " (known: " + known + ")", file,
           item.first);
    }
  }
}

std::string text(const YAML::Node& map, const std::string& key, const std::string& file, const std::string& fallback = {}) {
  const auto node = map[key];
  if (!node) {
    return fallback;
  }
  if (!node.IsScalar()) {
    fail("oxh.certify.wrong-type", "'" + key + "' must be a text value", file, node);
  }
  return node.as<std::string>();
}

std::string path(const YAML::Node& map, const std::string& key, const std::string& file) {
  const auto value = text(map, key, file);
  if (value.empty()) {
    return value;
  }
  const std::filesystem::path given(value);
  const auto resolved = given.is_absolute() ? given : std::filesystem::path(file).parent_path() / given;
  if (!std::filesystem::exists(resolved)) {
    fail("oxh.certify.missing-file", "'" + key + "' names " + resolved.string() + ", which does not exist", file,
         map[key]);
  }
  return resolved.string();
}

std::vector<std::string> texts(const YAML::Node& map, const std::string& key, const std::string& file) {
  std::vector<std::string> out;
  const auto node = map[key];
  if (!node) {
    return out;
  }
  if (!node.IsSequence()) {
    fail("oxh.certify.wrong-type", "'" + key + "' must be a list", file, node);
  }
  for (const auto& item : node) {
    out.push_back(item.as<std::string>());
  }
  return out;
}

}  // namespace

Deployment loadDeployment(const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw OxhException(Error("oxh.certify.unreadable", "cannot read the deployment file " + file));
  } catch (const YAML::ParserException& error) {
    throw OxhException(Error("oxh.certify.yaml", error.msg, SourcePosition{file, error.mark.line + 1, error.mark.column + 1}));
  }
  Deployment deployment;
  deployment.file = file;
  checkKeys(root, {"name", "app_endpoints", "middleware", "app_suite", "dovecot", "users", "config"}, "the deployment",
            file);
  deployment.name = text(root, "name", file, std::filesystem::path(file).stem().string());
  if (const auto endpoints = root["app_endpoints"]) {
    if (!endpoints.IsSequence()) {
      fail("oxh.certify.wrong-type", "'app_endpoints' must be a list", file, endpoints);
    }
    for (const auto& item : endpoints) {
      checkKeys(item, {"name", "endpoint", "server_name", "starttls", "ca"}, "an app endpoint", file);
      TlsEndpoint endpoint;
      endpoint.endpoint = text(item, "endpoint", file);
      if (endpoint.endpoint.empty()) {
        fail("oxh.certify.missing-key", "an app endpoint needs 'endpoint: host:port'", file, item);
      }
      endpoint.name = text(item, "name", file, endpoint.endpoint);
      endpoint.serverName = text(item, "server_name", file);
      endpoint.startTls = text(item, "starttls", file, "none");
      endpoint.caFile = path(item, "ca", file);
      endpoint.where = at(file, item);
      deployment.appEndpoints.push_back(endpoint);
    }
  }
  if (const auto middleware = root["middleware"]) {
    checkKeys(middleware, {"public_url", "internal_url", "notify_path", "ca"}, "middleware", file);
    deployment.publicUrl = text(middleware, "public_url", file);
    deployment.internalUrl = text(middleware, "internal_url", file);
    deployment.notifyPath = text(middleware, "notify_path", file, deployment.notifyPath);
    deployment.caFile = path(middleware, "ca", file);
  }
  if (const auto dovecot = root["dovecot"]) {
    checkKeys(dovecot, {"imap", "lmtp", "ox_addresses", "other_addresses", "notify_listen", "notify_user", "notify_password"},
              "dovecot", file);
    deployment.notifyListen = text(dovecot, "notify_listen", file);
    deployment.notifyUser = text(dovecot, "notify_user", file);
    deployment.notifyPassword = text(dovecot, "notify_password", file);
    deployment.dovecotImap = text(dovecot, "imap", file);
    deployment.dovecotLmtp = text(dovecot, "lmtp", file);
    deployment.oxAddresses = texts(dovecot, "ox_addresses", file);
    deployment.otherAddresses = texts(dovecot, "other_addresses", file);
  }
  if (const auto appSuite = root["app_suite"]) {
    checkKeys(appSuite, {"url", "ca", "version_path", "version_pointer"}, "app_suite", file);
    deployment.appSuiteUrl = text(appSuite, "url", file);
    deployment.appSuiteCaFile = path(appSuite, "ca", file);
    deployment.versionPath = text(appSuite, "version_path", file, deployment.versionPath);
    deployment.versionPointer = text(appSuite, "version_pointer", file, deployment.versionPointer);
    if (deployment.versionPath.empty() || deployment.versionPath.front() != '/') {
      fail("oxh.certify.wrong-value", "'version_path' must start with '/'", file, appSuite["version_path"]);
    }
    if (!deployment.versionPointer.empty() && deployment.versionPointer.front() != '/') {
      fail("oxh.certify.wrong-value", "'version_pointer' must be a JSON pointer such as /data/serverVersion", file,
           appSuite["version_pointer"]);
    }
  }
  if (const auto users = root["users"]) {
    if (!users.IsSequence()) {
      fail("oxh.certify.wrong-type", "'users' must be a list", file, users);
    }
    for (const auto& item : users) {
      checkKeys(item, {"login", "password", "user_id", "context_id"}, "a user", file);
      CertifyUser user;
      user.login = text(item, "login", file);
      user.password = text(item, "password", file);
      if (user.login.empty() || user.password.empty()) {
        fail("oxh.certify.missing-key", "a user needs 'login' and 'password'", file, item);
      }
      try {
        user.userId = item["user_id"] ? item["user_id"].as<std::int64_t>() : 0;
        user.contextId = item["context_id"] ? item["context_id"].as<std::int64_t>() : 1;
      } catch (const YAML::BadConversion&) {
        fail("oxh.certify.wrong-type", "user_id and context_id must be integers", file, item);
      }
      user.where = at(file, item);
      deployment.users.push_back(user);
    }
  }
  if (const auto config = root["config"]) {
    checkKeys(config, {"mail_push_properties", "dovecot", "pns_properties", "pns_apns_options", "pns_gcm_options"},
              "config", file);
    deployment.pnsProperties = path(config, "pns_properties", file);
    deployment.pnsApnsOptions = path(config, "pns_apns_options", file);
    deployment.pnsGcmOptions = path(config, "pns_gcm_options", file);
    deployment.mailPushProperties = path(config, "mail_push_properties", file);
    deployment.dovecotConfig = path(config, "dovecot", file);
  }
  return deployment;
}

}  // namespace oxh::runner::certify
