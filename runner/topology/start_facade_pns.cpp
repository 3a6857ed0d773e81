// The fake facade's push (mock_facade/pns) in a scenario: /ajax/pns subscribe/unsubscribe,
// permanent listeners registered at the scenario's Dovecot, and Dovecot's http-notify calls turned
// into pushes at the scenario's fake APNs (HTTP/2, provider token) and fake FCM, over the wire.
// The fakes get what a real deployment would have registered with Apple and Google: a signing
// key for the topic and an FCM server key / access token.
// Facade topology options: middleware_version (7.10 default; 7.8 selects the JavaPNS/GCM era, whose
// legacy binary APNs gateway scenarios do not start, so only FCM pushes then), fcm_api
// (legacy | v1), pns_delay (com.openexchange.pns.delayDuration in ms, default 0), apns_topic,
// nodes (1..32 middleware nodes sharing the subscriptions, the permanent listeners spread over
// them; see mock_facade/pns/listener_cluster.hpp).
#include "mock_apns_fcm/apns/apns_test_keys.hpp"
#include "mock_apns_fcm/apns/fake_apns.hpp"
#include "mock_apns_fcm/fcm/fake_fcm.hpp"
#include "mock_facade/fake_facade.hpp"
#include "runner/topology/pns_relay.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {
namespace {

constexpr const char* kTeamId = "OXHTEAM001";
constexpr const char* kKeyId = "OXHKEY0001";
constexpr const char* kServerKey = "AIzaSyOxharnessScenarioKey";
constexpr const char* kProject = "oxharness-scenario";
constexpr const char* kAccessToken = "ya29.oxharness-scenario-token";

}  // namespace

void startFacadePns(StepContext& context, facade::FakeFacade& fake, const std::vector<facade::FacadeUser>& users) {
  facade::pns::PnsOptions options;
  options.middlewareVersion = topologyOption(context.scenario, "facade", "middleware_version").value_or("7.10");
  const auto delay = topologyOption(context.scenario, "facade", "pns_delay").value_or("0");
  options.config.addProperties("com.openexchange.pns.delayDuration=" + delay + "\n");
  options.config.addGcmOptions(std::string("open-xchange-mobile-api-facade:\n  key: ") + kServerKey + "\n");
  options.imapServer = context.endpoint("dovecot", "imap");
  if (auto nodes = topologyOption(context.scenario, "facade", "nodes")) {
    try {
      std::size_t used = 0;
      options.nodes = std::stoi(*nodes, &used);
      if (used != nodes->size() || options.nodes < 1 || options.nodes > 32) {
        throw std::out_of_range("nodes");
      }
    } catch (const std::exception&) {
      throw StepFailure("topology facade.nodes must be a number of middleware nodes from 1 to 32, got '" + *nodes + "'");
    }
  }
  const auto topic = topologyOption(context.scenario, "facade", "apns_topic").value_or("com.openexchange.mobile.mail");
  if (context.fakeApns) {
    const auto key = push::apns::testing::makeP256Key();
    context.fakeApns->addKey({kTeamId, kKeyId, key.publicPem, {topic}, std::nullopt});
    facade::pns::ApnsHttp2Target target;
    target.endpoint = context.fakeApns->endpoint();
    target.caPem = context.fakeApns->caPem();
    target.topic = topic;
    target.signingKeyPem = key.privatePem;
    target.keyId = kKeyId;
    target.teamId = kTeamId;
    options.apnsHttp2 = target;
  }
  if (context.fakeFcm) {
    context.fakeFcm->addServerKey(kServerKey, kProject);
    context.fakeFcm->addAccessToken(kAccessToken);
    facade::pns::FcmTarget target;
    target.api = topologyOption(context.scenario, "facade", "fcm_api").value_or("legacy");
    target.legacyUrl = context.fakeFcm->baseUrl() + "/fcm/send";
    target.v1BaseUrl = context.fakeFcm->baseUrl();
    target.projectId = kProject;
    target.accessToken = kAccessToken;
    options.fcm = target;
  }
  auto byId = std::make_shared<std::map<std::pair<std::int64_t, std::int64_t>, facade::FacadeUser>>();
  for (const auto& user : users) {
    (*byId)[{user.userId, user.contextId}] = user;
  }
  std::shared_ptr<facade::pns::PnsService> service;
  try {
    service = std::make_shared<facade::pns::PnsService>(
        context.journal, options, [byId](std::int64_t userId, std::int64_t contextId) {
          std::optional<facade::FacadeUser> found;
          if (auto it = byId->find({userId, contextId}); it != byId->end()) {
            found = it->second;
          }
          return found;
        });
  } catch (const std::exception& error) {
    throw StepFailure(std::string("cannot start the facade's PNS: ") + error.what());
  }
  for (auto& [action, handler] : service->actions()) {
    fake.registerAction("pns", action, handler, true);
  }
  context.vars.set("topology.facade.apns_topic", topic);
  if (context.pnsRelay) {
    context.pnsRelay->set(std::move(service));
  }
}

}  // namespace oxh::runner
