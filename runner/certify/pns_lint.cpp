// LINT-PNS-01: the middleware's PNS files (read by mock_facade/pns's parsers, the formats of
// ox.md 4.5) must enable new-mail pushes (topic ox:mail:new) for the Mobile API Facade's client on
// an APNs transport (apn or apns_http2) and on gcm, and give each transport its credentials.
#include "mock_facade/pns/pns_config.hpp"
#include "runner/certify/certify_checks.hpp"

namespace oxh::runner::certify {

void runPnsLint(const Deployment& deployment, std::vector<CheckResult>& results) {
  if (deployment.pnsProperties.empty()) {
    return;
  }
  auto result = makeCheck(
      "LINT-PNS-01", "PNS enables new-mail pushes for the Mobile API Facade on APNs and FCM", "high",
      deployment.pnsProperties, "push wiring between the middleware and APNs/FCM",
      "In pns.properties set com.openexchange.pns.transport.apn.ios.enabled (or apns_http2.ios) and "
      "com.openexchange.pns.transport.gcm.enabled for open-xchange-mobile-api-facade (topic ox:mail:new), and give "
      "the client a keystore or .p8 key in pns-apns-options.yml and a key in pns-gcm-options.yml.");
  namespace pns = facade::pns;
  try {
    pns::PnsConfigFiles files;
    files.properties = {deployment.pnsProperties};
    files.apnsOptions = deployment.pnsApnsOptions;
    files.gcmOptions = deployment.pnsGcmOptions;
    const auto config = pns::PnsConfig::load(files);
    std::vector<std::string> problems;
    const bool apns = config.transportEnabled("apn", pns::kFacadeClient, pns::kTopicMailNew) ||
                      config.transportEnabled("apns_http2", pns::kFacadeClient, pns::kTopicMailNew);
    const bool gcm = config.transportEnabled("gcm", pns::kFacadeClient, pns::kTopicMailNew);
    if (!apns) {
      problems.push_back("no APNs transport (apn or apns_http2) enabled for the facade and ox:mail:new");
    }
    if (!gcm) {
      problems.push_back("the gcm transport is not enabled for the facade and ox:mail:new");
    }
    if (apns && !deployment.pnsApnsOptions.empty()) {
      const auto it = config.apns.find(pns::kFacadeClient);
      if (it == config.apns.end() || (it->second.keystore.empty() && it->second.privatekey.empty())) {
        problems.push_back("pns-apns-options.yml has no keystore or privatekey for the facade");
      }
    }
    if (gcm && !deployment.pnsGcmOptions.empty()) {
      const auto it = config.gcm.find(pns::kFacadeClient);
      if (it == config.gcm.end() || it->second.key.empty()) {
        problems.push_back("pns-gcm-options.yml has no key for the facade");
      }
    }
    for (const auto& problem : problems) {
      result.message += (result.message.empty() ? "" : "; ") + problem;
    }
    result.verdict = problems.empty() ? Verdict::Pass : Verdict::Fail;
    result.evidence = "apns enabled: " + std::string(apns ? "yes" : "no") + ", gcm enabled: " + (gcm ? "yes" : "no");
  } catch (const std::exception& error) {
    result.verdict = Verdict::Fail;
    result.message = error.what();
  }
  results.push_back(result);
}

}  // namespace oxh::runner::certify
