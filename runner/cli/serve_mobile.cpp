#include "runner/cli/serve_mobile.hpp"

#include <filesystem>

#include "common/error/error.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner::cli {

namespace {

[[noreturn]] void fail(const std::string& id, const std::string& message, const YAML::Node& node, const std::string& file) {
  throw OxhException(Error("oxh.config." + id, message, positionOf(node, file, SourcePosition{file, 0, 0})));
}

std::string text(const YAML::Node& node, const std::string& file) {
  if (!node.IsScalar()) fail("wrong-type", "expected a string, got " + describeNode(node), node, file);
  return node.Scalar();
}

}  // namespace

MobileServeConfig parseMobileSection(const YAML::Node& node, const std::string& file) {
  MobileServeConfig config;
  config.enabled = true;
  if (node.IsNull()) return config;
  if (!node.IsMap()) fail("wrong-type", "facade.mobile must be a mapping, got " + describeNode(node), node, file);
  for (const auto& item : node) {
    const auto key = keyName(item.first);
    const auto& value = item.second;
    if (key == "listen") {
      const auto parsed = net::HostPort::parse(text(value, file));
      if (!parsed) fail("bad-address", "expected host:port, got " + describeNode(value), value, file);
      config.listen = *parsed;
    } else if (key == "tls") {
      const auto flag = text(value, file);
      if (flag != "true" && flag != "false") fail("wrong-type", "tls must be true or false", value, file);
      config.tls = flag == "true";
    } else if (key == "profile") {
      std::filesystem::path path = text(value, file);
      if (path.is_relative()) path = std::filesystem::path(file).parent_path() / path;
      config.profile = facade::mobile::loadApiProfile(path.string());
    } else if (key == "min_client") {
      config.minimumClientVersion = text(value, file);
      if (!facade::mobile::ClientVersion::parse(config.minimumClientVersion)) {
        fail("bad-version", "min_client '" + config.minimumClientVersion + "' is not semver", value, file);
      }
    } else if (key == "server_version") {
      config.serverVersion = text(value, file);
      const auto parsed = facade::mobile::ServerVersion::parse(config.serverVersion);
      if (!parsed || parsed->compare(*facade::mobile::ServerVersion::parse(facade::mobile::kMinimumServerVersion)) < 0) {
        fail("bad-version",
             "server_version '" + config.serverVersion + "' must be like 7.8.4-rev22 and at least " +
                 facade::mobile::kMinimumServerVersion,
             value, file);
      }
    } else {
      fail("unknown-key",
           "unknown key '" + key + "' in facade.mobile (listen, tls, profile, min_client, server_version)", item.first,
           file);
    }
  }
  return config;
}

std::unique_ptr<facade::mobile::MobileFacade> startMobileFacade(
    const MobileServeConfig& config, const std::string& appSuiteUrl, journal::Journal& journal,
    const std::shared_ptr<tls::CertificateAuthority>& authority) {
  if (!config.enabled) return nullptr;
  facade::mobile::MobileFacadeOptions options;
  options.listen = config.listen;
  options.appSuiteUrl = appSuiteUrl;
  if (appSuiteUrl.rfind("https:", 0) == 0) options.appSuiteCaPem = authority->caPem();
  options.profile = config.profile;
  options.minimumClientVersion = config.minimumClientVersion;
  options.serverVersion = config.serverVersion;
  options.journal = &journal;
  if (config.tls) {
    options.tls = std::make_shared<tls::TlsPolicy>();  // floor TLS 1.2
    options.authority = authority;
  }
  auto mobile = std::make_unique<facade::mobile::MobileFacade>(options);
  mobile->start();
  return mobile;
}

}  // namespace oxh::runner::cli
