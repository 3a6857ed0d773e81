// The embedded fake APNs (HTTP/2 provider API) and fake FCM (legacy and v1 HTTP), started when a
// scenario's topology names them or its steps use them. Their addresses and the CA that signed
// the APNs certificate are published as ${topology.apns.listen}, ${topology.apns.ca_pem},
// ${topology.fcm.listen}, ${topology.fcm.url}. Option `rate_limit: "N/DURATION"` (e.g. "3/1s")
// refuses the N+1st push to one device token within DURATION (mock_apns_fcm/rate_limiter.hpp).
#include <charconv>

#include "common/tls/certificate_authority.hpp"
#include "mock_apns_fcm/apns/fake_apns.hpp"
#include "mock_apns_fcm/fcm/fake_fcm.hpp"
#include "runner/scenario/duration.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

namespace {

push::RateLimit rateLimitOption(const Scenario& scenario, const std::string& component) {
  const auto text = topologyOption(scenario, component, "rate_limit");
  if (!text) {
    return {};
  }
  const auto slash = text->find('/');
  const auto window = slash == std::string::npos ? std::nullopt : parseDuration(text->substr(slash + 1));
  std::size_t max = 0;
  const auto digits = text->substr(0, slash == std::string::npos ? 0 : slash);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), max);
  if (!window || window->count() <= 0 || digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    throw StepFailure("topology " + component + ".rate_limit is N/DURATION (\"3/1s\"), got '" + *text + "'");
  }
  return {max, std::chrono::duration_cast<std::chrono::milliseconds>(*window)};
}

}  // namespace

void startFakeApns(StepContext& context) {
  if (!scenarioUses(context.scenario, "apns", {"apns.", "expect.apns."})) {
    return;
  }
  push::apns::FakeApnsOptions options;
  options.listen = listenAddress(context.scenario, "apns", "listen");
  options.authority = std::make_shared<tls::CertificateAuthority>();
  options.journal = &context.journal;
  options.validation.acceptUnknownTokens = topologyOption(context.scenario, "apns", "accept_unknown_tokens") == "true";
  if (auto environment = topologyOption(context.scenario, "apns", "environment")) {
    const auto parsed = push::apns::environmentFromName(*environment);
    if (!parsed) {
      throw StepFailure("topology apns.environment is sandbox or production, got '" + *environment + "'");
    }
    options.validation.defaultEnvironment = *parsed;
  }
  options.validation.tokenRateLimit = rateLimitOption(context.scenario, "apns");
  const auto misbehaviour = readTlsMisbehaviour(context, "apns", "apns", "APNs");
  if (!misbehaviour.minVersion.empty()) {
    options.minTlsVersion = misbehaviour.minVersion;
  }
  if (misbehaviour.expiredCertificate) {
    options.leaf = tls::expiredLeafOptions();
  }
  if (!misbehaviour.hostNames.empty()) {
    options.hostNames = misbehaviour.hostNames;
  }
  auto fake = std::make_shared<push::apns::FakeApns>(context.io.context(), options);
  try {
    fake->start();
  } catch (const std::exception& error) {
    throw StepFailure(std::string("cannot start the fake APNs: ") + error.what());
  }
  exportEndpoint(context, "apns", "listen", fake->endpoint());
  context.vars.set("topology.apns.ca_pem", options.authority->caPem());
  context.fakeApns = std::move(fake);
}

void startFakeFcm(StepContext& context) {
  if (!scenarioUses(context.scenario, "fcm", {"fcm.", "expect.fcm."})) {
    return;
  }
  push::fcm::FakeFcmOptions options;
  options.listen = listenAddress(context.scenario, "fcm", "listen");
  options.journal = &context.journal;
  options.behaviour.acceptUnknownTokens = topologyOption(context.scenario, "fcm", "accept_unknown_tokens") == "true";
  options.behaviour.tokenRateLimit = rateLimitOption(context.scenario, "fcm");
  auto fake = std::make_shared<push::fcm::FakeFcm>(context.io.context(), options);
  try {
    fake->start();
  } catch (const std::exception& error) {
    throw StepFailure(std::string("cannot start the fake FCM: ") + error.what());
  }
  exportEndpoint(context, "fcm", "listen", fake->endpoint());
  context.vars.set("topology.fcm.url", fake->baseUrl());
  context.fakeFcm = std::move(fake);
}

}  // namespace oxh::runner
