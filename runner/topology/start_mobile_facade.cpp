// The fake Mobile API Facade (mock_facade/facade) as the scenario component `mobile_facade`, in
// front of the scenario's App Suite (${topology.facade.url}: the fake /ajax or a real build),
// which it calls over HTTP. Options: listen (host:port), tls (true: HTTPS with a generated CA,
// published as ${topology.mobile_facade.ca_pem}), profile (an API profile file, relative to the
// scenario file; default: the compiled-in default profile), min_client_version (older apps get
// error 900; default 1.0.0), server_version (the App Suite version it reports, at least
// 7.8.4-rev22). A real facade build instead: `mobile_facade: {https: host:port}` (or http).
// Either way ${topology.mobile_facade.url} is its base URL.
#include <filesystem>

#include "common/error/error.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_facade/facade/mobile_facade.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

void startMobileFacade(StepContext& context) {
  const auto found = context.scenario.topology.find("mobile_facade");
  if (found == context.scenario.topology.end()) {
    return;
  }
  if (!found->second.fake) {
    for (const char* scheme : {"https", "http"}) {
      if (auto endpoint = found->second.endpoints.find(scheme); endpoint != found->second.endpoints.end()) {
        context.vars.set("topology.mobile_facade.url", std::string(scheme) + "://" + endpoint->second);
        return;
      }
    }
  }
  const auto appSuite = context.vars.get("topology.facade.url");
  if (!appSuite) {
    throw StepFailure("mobile_facade needs an App Suite behind it (topology facade), and none was started");
  }
  facade::mobile::MobileFacadeOptions options;
  if (auto listen = topologyOption(context.scenario, "mobile_facade", "listen")) {
    auto parsed = net::HostPort::parse(*listen);
    if (!parsed) {
      throw StepFailure("topology mobile_facade.listen must be host:port, got '" + *listen + "'");
    }
    options.listen = *parsed;
  }
  options.appSuiteUrl = *appSuite;
  options.appSuiteCaPem = context.vars.get("topology.facade.ca_pem");
  options.journal = &context.journal;
  options.minimumClientVersion = topologyOption(context.scenario, "mobile_facade", "min_client_version").value_or("1.0.0");
  options.serverVersion = topologyOption(context.scenario, "mobile_facade", "server_version")
                              .value_or(facade::mobile::kMinimumServerVersion);
  std::shared_ptr<tls::CertificateAuthority> authority;
  if (topologyOption(context.scenario, "mobile_facade", "tls") == std::optional<std::string>("true")) {
    authority = std::make_shared<tls::CertificateAuthority>();
    options.tls = std::make_shared<tls::TlsPolicy>();  // floor TLS 1.2 (the OX Mail app's requirement)
    options.authority = authority;
  }
  std::shared_ptr<facade::mobile::MobileFacade> mobile;
  try {
    if (auto profile = topologyOption(context.scenario, "mobile_facade", "profile")) {
      std::filesystem::path path = *profile;
      if (path.is_relative()) {
        path = std::filesystem::path(context.scenario.file).parent_path() / path;
      }
      options.profile = facade::mobile::loadApiProfile(path.string());
    }
    mobile = std::make_shared<facade::mobile::MobileFacade>(options);
    mobile->start();
  } catch (const OxhException& error) {
    throw StepFailure("cannot start the mobile facade: " + error.error().describe());
  } catch (const std::exception& error) {
    throw StepFailure(std::string("cannot start the mobile facade: ") + error.what());
  }
  exportEndpoint(context, "mobile_facade", authority ? "https" : "http", mobile->endpoint());
  context.vars.set("topology.mobile_facade.url", mobile->url());
  if (authority) {
    context.vars.set("topology.mobile_facade.ca_pem", authority->caPem());
  }
  context.mobileFacade = std::move(mobile);
}

}  // namespace oxh::runner
