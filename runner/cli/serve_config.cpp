#include "runner/cli/serve_config.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "runner/engine/step_context.hpp"
#include "runner/scenario/schema.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner::cli {

namespace {

[[noreturn]] void fail(const std::string& id, const std::string& message, const YAML::Node& node, const std::string& file) {
  throw OxhException(Error("oxh.config." + id, message, positionOf(node, file, SourcePosition{file, 0, 0})));
}

void checkKeys(const YAML::Node& map, const std::vector<std::string>& allowed, const std::string& where,
               const std::string& file) {
  if (!map.IsMap()) {
    fail("wrong-type", where + " must be a mapping, got " + describeNode(map), map, file);
  }
  for (const auto& item : map) {
    const auto key = keyName(item.first);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail("unknown-key", "unknown key '" + key + "' in " + where + didYouMean(key, allowed), item.first, file);
    }
  }
}

net::HostPort address(const YAML::Node& node, const std::string& file) {
  const auto parsed = node.IsScalar() ? net::HostPort::parse(node.Scalar()) : std::nullopt;
  if (!parsed) {
    fail("bad-address", "expected host:port, got " + describeNode(node), node, file);
  }
  return *parsed;
}

std::int64_t integer(const YAML::Node& node, const std::string& file) {
  try {
    return node.as<std::int64_t>();
  } catch (const YAML::Exception&) {
    fail("wrong-type", "expected an integer, got " + describeNode(node), node, file);
  }
}

}  // namespace

ServeConfig demoServeConfig() {
  ServeConfig config;
  config.users.push_back({"alice@example.org", "secret", "alice@example.org", 3, 1, "flaggedImplicit", {}, {}});
  config.users.push_back({"bob@example.org", "secret", "bob@example.org", 4, 1, "flaggedOnly", {}, {}});
  return config;
}

ServeConfig loadServeConfig(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw OxhException(Error("oxh.config.unreadable", "cannot read configuration " + path));
  } catch (const YAML::ParserException& error) {
    throw OxhException(Error("oxh.config.yaml", error.msg, positionOf(error.mark, path)));
  }
  ServeConfig config;
  if (root.IsNull()) {
    return demoServeConfig();
  }
  checkKeys(root, {"users", "notify", "control", "dovecot", "facade", "apns", "fcm"}, "the configuration", path);
  for (const auto* section : {"apns", "fcm"}) {
    if (const auto node = root[section]) {
      if (!node.IsMap() && !node.IsNull()) {
        fail("wrong-type", std::string(section) + " must be a mapping, got " + describeNode(node), node, path);
      }
      (std::string(section) == "apns" ? config.apns : config.fcm) = node.IsNull() ? nlohmann::json::object() : yamlToJson(node);
    }
  }
  if (root["users"]) {
    std::set<std::string> logins;
    for (const auto& item : root["users"]) {
      checkKeys(item, {"login", "password", "email", "user_id", "context_id", "flagging"}, "a user", path);
      if (!item["login"]) {
        fail("missing-field", "a user needs 'login'", item, path);
      }
      User user;
      user.login = item["login"].as<std::string>();
      user.password = item["password"] ? item["password"].as<std::string>() : "secret";
      user.email = item["email"] ? item["email"].as<std::string>()
                                 : (user.login.find('@') != std::string::npos ? user.login : user.login + "@example.org");
      user.userId = item["user_id"] ? integer(item["user_id"], path) : 0;
      user.contextId = item["context_id"] ? integer(item["context_id"], path) : 0;
      user.flagging = item["flagging"] ? item["flagging"].as<std::string>() : "";
      user.where = positionOf(item, path);
      if (!logins.insert(user.login).second) {
        fail("duplicate-user", "user '" + user.login + "' appears twice", item, path);
      }
      config.users.push_back(std::move(user));
    }
  } else {
    config.users = demoServeConfig().users;
  }
  if (const auto notify = root["notify"]) {
    checkKeys(notify, {"listen", "user", "password", "auth"}, "notify", path);
    if (notify["listen"]) {
      config.notifyListen = address(notify["listen"], path);
    }
    if (notify["user"]) {
      config.notifyUser = notify["user"].as<std::string>();
    }
    if (notify["password"]) {
      config.notifyPassword = notify["password"].as<std::string>();
    }
    if (notify["auth"] && notify["auth"].as<std::string>() == "unconfigured") {
      config.notifyUser.reset();
      config.notifyPassword.reset();
    }
  }
  if (const auto dovecot = root["dovecot"]) {
    checkKeys(dovecot,
              {"imap", "imaps", "lmtp", "push_driver", "metadata_networks", "hostname", "profile", "capabilities",
               "passwd_file"},
              "dovecot", path);
    if (dovecot["profile"]) {
      config.dovecotProfile = dovecot["profile"].as<std::string>();
    }
    if (dovecot["capabilities"]) {
      std::istringstream words(dovecot["capabilities"].as<std::string>());
      for (std::string word; words >> word;) {
        config.dovecotCapabilities.push_back(word);
      }
    }
    if (dovecot["passwd_file"]) {
      const std::filesystem::path file(dovecot["passwd_file"].as<std::string>());
      config.dovecotPasswdFile = (file.is_absolute() ? file : std::filesystem::path(path).parent_path() / file).string();
    }
    if (dovecot["imap"]) {
      config.dovecotImap = address(dovecot["imap"], path);
    }
    if (dovecot["imaps"]) {
      config.dovecotImaps = address(dovecot["imaps"], path);
    }
    if (dovecot["lmtp"]) {
      config.dovecotLmtp = address(dovecot["lmtp"], path);
    }
    if (const auto drivers = dovecot["push_driver"]) {
      config.pushDrivers.clear();
      if (drivers.IsSequence()) {
        for (const auto& driver : drivers) {
          config.pushDrivers.push_back(driver.as<std::string>());
        }
      } else if (drivers.as<std::string>() != "none") {
        config.pushDrivers.push_back(drivers.as<std::string>());
      }
    }
    if (dovecot["metadata_networks"]) {
      std::istringstream words(dovecot["metadata_networks"].as<std::string>());
      for (std::string word; words >> word;) {
        config.metadataNetworks.push_back(word);
      }
    }
    if (dovecot["hostname"]) {
      config.hostname = dovecot["hostname"].as<std::string>();
    }
  }
  if (const auto facade = root["facade"]) {
    checkKeys(facade, {"listen", "flagging", "tls", "imap", "lmtp", "mobile", "server_version", "tls_min_version",
                       "tls_certificate", "nodes"},
              "facade", path);
    if (facade["nodes"]) {
      int nodes = 0;
      if (!facade["nodes"].IsScalar() || !YAML::convert<int>::decode(facade["nodes"], nodes) || nodes < 1 || nodes > 32) {
        fail("wrong-value", "facade.nodes is a number of middleware nodes from 1 to 32, got " + describeNode(facade["nodes"]),
             facade["nodes"], path);
      }
      config.facadeNodes = nodes;
    }
    if (facade["server_version"]) {
      config.facadeServerVersion = facade["server_version"].as<std::string>();
    }
    if (facade["tls_min_version"]) {
      config.facadeTlsMinVersion = facade["tls_min_version"].as<std::string>();
    }
    if (facade["tls_certificate"]) {
      config.facadeTlsCertificate = facade["tls_certificate"].as<std::string>();
      if (config.facadeTlsCertificate != "valid" && config.facadeTlsCertificate != "expired" &&
          config.facadeTlsCertificate != "wrong_host") {
        fail("wrong-value", "facade.tls_certificate is valid, expired or wrong_host, got '" +
                                config.facadeTlsCertificate + "'",
             facade["tls_certificate"], path);
      }
    }
    if (facade["listen"]) {
      config.facadeListen = address(facade["listen"], path);
    }
    if (facade["flagging"]) {
      config.facadeFlagging = facade["flagging"].as<std::string>();
    }
    if (facade["tls"]) {
      config.facadeTls = facade["tls"].as<std::string>() == "true";
    }
    if (facade["imap"]) {
      config.facadeImap = address(facade["imap"], path);
    }
    if (facade["lmtp"]) {
      config.facadeLmtp = address(facade["lmtp"], path);
    }
    if (facade["mobile"]) {
      config.facadeMobile = parseMobileSection(facade["mobile"], path);
    }
  }
  if (const auto control = root["control"]) {
    checkKeys(control, {"listen"}, "control", path);
    if (control["listen"]) {
      config.controlListen = address(control["listen"], path);
    }
  }
  return config;
}

}  // namespace oxh::runner::cli
