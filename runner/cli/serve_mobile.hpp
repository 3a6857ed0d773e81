#pragma once
// The fake Mobile API Facade in `oxharness serve`: the `mobile:` sub-option of the facade
// section, and starting the facade over the fake App Suite's URL.
//
//   facade:
//     mobile: {listen: "127.0.0.1:0", tls: false, profile: partner.yaml, min_client: "1.0.0",
//              server_version: "7.8.4-rev22"}
//
// Without `mobile:` no mobile facade runs. profile: an API profile (mock_facade/facade/
// api_profile.hpp), relative to the configuration file; absent: the compiled-in default profile.
// Errors carry file:line:col ([oxh.config.*], or [oxh.facade.profile] inside the profile).
// Thread: parse and start from serve's main thread.
#include <memory>
#include <string>

#include <yaml-cpp/yaml.h>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "mock_facade/facade/mobile_facade.hpp"

namespace oxh::tls {
class CertificateAuthority;
}

namespace oxh::runner::cli {

struct MobileServeConfig {
  bool enabled = false;
  net::HostPort listen{"127.0.0.1", 0};
  bool tls = false;
  facade::mobile::ApiProfile profile = facade::mobile::defaultApiProfile();
  std::string minimumClientVersion = "1.0.0";
  std::string serverVersion = facade::mobile::kMinimumServerVersion;
};

// `node` is the value of facade.mobile; `file` the configuration file.
MobileServeConfig parseMobileSection(const YAML::Node& node, const std::string& file);

// Null when not enabled. appSuiteCaPem: set when the fake App Suite speaks HTTPS.
std::unique_ptr<facade::mobile::MobileFacade> startMobileFacade(
    const MobileServeConfig& config, const std::string& appSuiteUrl, journal::Journal& journal,
    const std::shared_ptr<tls::CertificateAuthority>& authority);

}  // namespace oxh::runner::cli
