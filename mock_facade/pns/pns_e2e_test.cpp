// The PNS against the fakes over the wire: fake Dovecot (IMAP METADATA, LMTP, its ox push
// driver), the http-notify receiver, and the fake APNs (HTTP/2 and legacy binary) and FCM.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "common/clients/lmtp_client.hpp"
#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_apns_fcm/apns/apns_test_keys.hpp"
#include "mock_apns_fcm/apns/fake_apns.hpp"
#include "mock_apns_fcm/apns_legacy/fake_apns_legacy.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_test_support.hpp"
#include "mock_apns_fcm/fcm/fake_fcm.hpp"
#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_facade/notify/notify_receiver.hpp"
#include "mock_facade/pns/pns_service.hpp"

namespace oxh::facade::pns {
namespace {

using namespace std::chrono_literals;

const std::string kIosToken(64, 'c');
const std::string kAndroidToken = "fcm-token-alice-1";
const std::string kTopic = "com.openexchange.mobile.mail";
const std::string kLogin = "alice@example.org";

FacadeUser user(const std::string& login, std::int64_t userId) {
  FacadeUser u;
  u.login = login;
  u.password = "secret";
  u.userId = userId;
  u.contextId = 1;
  return u;
}

class PnsEndToEnd : public ::testing::Test {
 protected:
  void start(const std::string& version, const std::string& fcmApi = "legacy", int delayMs = 0) {
    push::apns::FakeApnsOptions apnsOptions;
    apnsOptions.journal = &journal_;
    apns_ = std::make_unique<push::apns::FakeApns>(runtime_.context(), apnsOptions);
    apns_->addKey({"TEAM123456", "ABC123DEFG", key_.publicPem, {kTopic}, std::nullopt});
    apns_->addDevice(kIosToken, kTopic);
    apns_->start();

    push::apns::FakeApnsLegacyOptions legacyOptions;
    legacyOptions.journal = &journal_;
    legacy_ = std::make_unique<push::apns::FakeApnsLegacy>(runtime_.context(), legacyOptions);
    legacy_->addDevice(kIosToken, kTopic);
    legacy_->start();

    push::fcm::FakeFcmOptions fcmOptions;
    fcmOptions.journal = &journal_;
    fcm_ = std::make_unique<push::fcm::FakeFcm>(runtime_.context(), fcmOptions);
    fcm_->addServerKey("AIzaSyTestServerKey", "sender-1");
    fcm_->addAccessToken("ya29.test-access-token");
    fcm_->addDevice(kAndroidToken, "sender-1");
    fcm_->start();

    NotifyReceiverOptions notifyOptions;
    notifyOptions.onMessageNew = [this](const NotifyMessageNew& event) {
      if (pns_) {
        pns_->onMessageNew(event);
      }
    };
    receiver_ = std::make_unique<NotifyReceiver>(runtime_.context(), journal_, notifyOptions);
    receiver_->start();

    dovecot::FakeDovecotOptions dovecotOptions;
    dovecotOptions.users = {{kLogin, "secret"}};
    dovecotOptions.pushDrivers = {"ox:url=" + receiver_->url() + " user_from_metadata"};
    dovecotOptions.journal = &journal_;
    dovecot_ = std::make_unique<dovecot::FakeDovecot>(runtime_.context(), dovecotOptions);
    dovecot_->start();

    PnsOptions options;
    options.config.addGcmOptions("open-xchange-mobile-api-facade:\n  enabled: true\n  key: AIzaSyTestServerKey\n");
    options.config.addProperties("com.openexchange.pns.delayDuration=" + std::to_string(delayMs) + "\n");
    options.config.addMailPush(mailPush_);
    options.middlewareVersion = version;
    options.imapServer = dovecot_->imapEndpoint();
    ApnsHttp2Target http2;
    http2.endpoint = apns_->endpoint();
    http2.caPem = apns_->caPem();
    http2.topic = kTopic;
    http2.signingKeyPem = key_.privatePem;
    http2.keyId = "ABC123DEFG";
    http2.teamId = "TEAM123456";
    options.apnsHttp2 = http2;
    ApnsLegacyTarget legacyTarget;
    legacyTarget.gateway = legacy_->gatewayEndpoint();
    const auto identity = push::apns::testing::makeProviderCertificate(kTopic);
    legacyTarget.clientCertPem = identity.certPem;
    legacyTarget.clientKeyPem = identity.keyPem;
    legacyTarget.errorWait = 300ms;  // the gateway says nothing on success (push.md 2)
    options.apnsLegacy = legacyTarget;
    FcmTarget fcmTarget;
    fcmTarget.api = fcmApi;
    fcmTarget.legacyUrl = fcm_->baseUrl() + "/fcm/send";
    fcmTarget.v1BaseUrl = fcm_->baseUrl();
    fcmTarget.projectId = "demo-project";
    fcmTarget.accessToken = "ya29.test-access-token";
    options.fcm = fcmTarget;
    pns_ = std::make_unique<PnsService>(journal_, options, [this](std::int64_t userId, std::int64_t context) {
      std::optional<FacadeUser> found;
      if (userId == 3 && context == 1) {
        found = user(kLogin, 3);
        found->password = lookupPassword_;
      }
      return found;
    });
  }

  void TearDown() override {
    if (pns_) {
      pns_->stop();
    }
  }

  static journal::Matcher pns(const std::string& kind) {
    return [kind](const journal::Entry& e) { return e.component == "pns" && e.kind == kind; };
  }

  static FacadeUser alice() { return user(kLogin, 3); }

  void subscribe(const std::string& transport, const std::string& token) {
    pns_->subscribe(
        alice(), {{"client", kFacadeClient}, {"token", token}, {"transport", transport}, {"topics", {"ox:mail:new"}}});
  }

  void deliver(const std::string& subject) {
    clients::lmtp::Delivery delivery;
    delivery.mailFrom = "bob@example.org";
    delivery.recipients = {kLogin};
    delivery.message =
        "From: Bob Example <bob@example.org>\r\nTo: " + kLogin + "\r\nSubject: " + subject + "\r\n\r\nHello Alice\r\n";
    const auto result =
        clients::lmtp::deliver(dovecot_->lmtpEndpoint(), delivery, journal_, "mta", journal::Clock::now() + 5s);
    ASSERT_EQ(result.dataReplies.size(), 1U);
    ASSERT_EQ(result.dataReplies[0].second.code, 250);
  }

  std::optional<std::string> metadata() const { return dovecot_->store().metadata(kLogin, "", kHttpNotifyEntry); }

  journal::Journal journal_;
  push::apns::testing::TestKey key_ = push::apns::testing::makeP256Key();
  net::IoRuntime runtime_{2};
  std::unique_ptr<push::apns::FakeApns> apns_;
  std::unique_ptr<push::apns::FakeApnsLegacy> legacy_;
  std::unique_ptr<push::fcm::FakeFcm> fcm_;
  std::unique_ptr<NotifyReceiver> receiver_;
  std::unique_ptr<dovecot::FakeDovecot> dovecot_;
  std::unique_ptr<PnsService> pns_;
  std::string mailPush_;                   // mail-push.properties text
  std::string lookupPassword_ = "secret";  // what the user lookup knows (no session)
};

TEST_F(PnsEndToEnd, Era710SubscribeRegistersThenMailPushesToApnsHttp2AndFcm) {
  start("7.10.6");
  subscribe("apn", kIosToken);
  auto listener = journal_.waitFor(pns("pns.listener"), 5s);
  ASSERT_TRUE(listener) << journal_.transcript();
  EXPECT_TRUE(listener->data["ok"].get<bool>()) << listener->data.dump();
  EXPECT_EQ(metadata(), "user=3@1");
  EXPECT_EQ(pns_->listPushUsers(), "user=3, context=1, permanent=true\n");
  subscribe("gcm", kAndroidToken);
  const auto state = pns_->state();
  EXPECT_EQ(state["era"], "7.10");
  EXPECT_EQ(state["subscriptions"].size(), 2U);
  EXPECT_EQ(state["listeners"], nlohmann::json::parse(R"([{"user_id":3,"context_id":1,"node":1}])"));

  deliver("Lunch?");
  ASSERT_EQ(journal_.waitForCount(pns("pns.dispatch"), 2, 10s), 2U) << journal_.transcript();
  const auto ios = apns_->pushes().forToken(kIosToken);
  ASSERT_EQ(ios.size(), 1U);
  EXPECT_TRUE(ios[0].accepted()) << ios[0].toJson().dump();
  EXPECT_EQ(ios[0].request["json"],
            nlohmann::json::parse(R"({"aps":{"alert":{"title":"Lunch?","body":"Bob Example\nLunch?"},"badge":1,)"
                                  R"("sound":"default","category":"new-message-category"},)"
                                  R"("cid":"default0/INBOX/1","namespace":"/"})"));
  const auto android = fcm_->pushes().forToken(kAndroidToken);
  ASSERT_EQ(android.size(), 1U);
  EXPECT_TRUE(android[0].accepted()) << android[0].toJson().dump();
  const auto data = android[0].request["json"]["data"];
  EXPECT_EQ(data["unread"], "1");
  EXPECT_EQ(data["id"], "1");
  EXPECT_EQ(data["folder"], "default0/INBOX");
  EXPECT_EQ(data["email"], "bob@example.org");
  EXPECT_EQ(data["displayname"], "Bob Example");
  EXPECT_EQ(data["subject"], "Lunch?");

  // A second mail: the badge follows Dovecot's unseen count.
  journal_.consumeAll(pns("pns.dispatch"));
  deliver("Again");
  ASSERT_EQ(journal_.waitForCount(pns("pns.dispatch"), 2, 10s), 2U);
  EXPECT_EQ(apns_->pushes().forToken(kIosToken).back().request["json"]["aps"]["badge"], 2);

  // The last unsubscribe sends NIL.
  pns_->unsubscribe(alice(), {{"client", kFacadeClient}, {"token", kIosToken}, {"transport", "apn"}});
  EXPECT_EQ(metadata(), "user=3@1");  // a gcm subscription still wants the listener
  pns_->unsubscribe(alice(), {{"client", kFacadeClient}, {"token", kAndroidToken}, {"transport", "gcm"}});
  auto unregister = journal_.waitFor(
      [](const journal::Entry& e) { return e.kind == "pns.listener" && e.data["action"] == "unregister"; }, 5s);
  ASSERT_TRUE(unregister) << journal_.transcript();
  if (!unregister->data["ok"].get<bool>()) {
    std::cerr << journal_.transcript();
  }
  EXPECT_TRUE(unregister->data["ok"].get<bool>()) << unregister->data.dump();
  EXPECT_FALSE(metadata().has_value() && !metadata()->empty());
}

TEST_F(PnsEndToEnd, Era78PushesJavaPnsPayloadOverLegacyApnsAndGcmLegacyWithImapBadge) {
  start("7.8.4");
  subscribe("apns", kIosToken);  // "apns" is an alias of "apn"
  subscribe("gcm", kAndroidToken);
  ASSERT_TRUE(journal_.waitFor(pns("pns.listener"), 5s));
  deliver("Hi");
  ASSERT_EQ(journal_.waitForCount(pns("pns.dispatch"), 2, 10s), 2U) << journal_.transcript();
  const auto ios = legacy_->pushes().forToken(kIosToken);
  ASSERT_EQ(ios.size(), 1U) << journal_.transcript();
  EXPECT_TRUE(ios[0].accepted());
  EXPECT_EQ(ios[0].request["json"],
            nlohmann::json::parse(R"({"aps":{"alert":"Bob Example\nHi","badge":1,"sound":"default"},)"
                                  R"("folder":"default0/INBOX"})"));
  EXPECT_EQ(ios[0].request["identifier"], 1);
  EXPECT_TRUE(apns_->pushes().forToken(kIosToken).empty());
  auto dispatches = journal_.snapshot();
  bool sawImapBadge = false;
  for (const auto& entry : dispatches) {
    if (entry.kind == "pns.dispatch") {
      sawImapBadge = sawImapBadge || entry.data["badge_source"] == "imap";
    }
  }
  EXPECT_TRUE(sawImapBadge);
  const auto android = fcm_->pushes().forToken(kAndroidToken);
  ASSERT_EQ(android.size(), 1U);
  EXPECT_EQ(android[0].request["json"]["registration_ids"], nlohmann::json::array({kAndroidToken}));
  EXPECT_EQ(android[0].request["json"]["data"]["unread"], "1");
}

TEST_F(PnsEndToEnd, UnregisteredAndNotRegisteredRemoveSubscriptionsCanonicalIdReplaces) {
  start("7.10");
  subscribe("apn", kIosToken);
  subscribe("gcm", kAndroidToken);
  subscribe("gcm", "fcm-token-old");
  ASSERT_TRUE(journal_.waitFor(pns("pns.listener"), 5s));
  fcm_->addDevice("fcm-token-old", "sender-1", true, "fcm-token-canonical");
  apns_->unregisterDevice(kIosToken, std::chrono::system_clock::now() - 1h);
  fcm_->addDevice(kAndroidToken, "sender-1", false);
  deliver("Bye");
  ASSERT_EQ(journal_.waitForCount(pns("pns.subscription-removed"), 2, 10s), 2U) << journal_.transcript();
  ASSERT_TRUE(journal_.waitFor(pns("pns.token-replaced"), 5s)) << journal_.transcript();
  const auto left = pns_->subscriptions().forUser(3, 1);
  ASSERT_EQ(left.size(), 1U);
  EXPECT_EQ(left[0].token, "fcm-token-canonical");
}

TEST_F(PnsEndToEnd, FcmV1) {
  start("7.10", "v1");
  fcm_->addDevice(kAndroidToken, "demo-project");  // v1: the token belongs to the project
  subscribe("gcm", kAndroidToken);
  ASSERT_TRUE(journal_.waitFor(pns("pns.listener"), 5s));
  deliver("One");
  ASSERT_TRUE(journal_.waitFor(pns("pns.dispatch"), 10s)) << journal_.transcript();
  const auto android = fcm_->pushes().forToken(kAndroidToken);
  ASSERT_EQ(android.size(), 1U);
  EXPECT_TRUE(android[0].accepted()) << android[0].toJson().dump();
  EXPECT_EQ(android[0].request["json"]["message"]["data"]["subject"], "One");
  EXPECT_EQ(android[0].request["json"]["message"]["data"]["unread"], "1");
}

TEST_F(PnsEndToEnd, DelayBuffersEachMailAndCollapsesOnlyEqualNotifications) {
  start("7.10", "legacy", 1000);  // the middleware default
  subscribe("apn", kIosToken);
  ASSERT_TRUE(journal_.waitFor(pns("pns.listener"), 5s));
  // Two mails within the delay: two different notifications, each pushed (the middleware
  // buffers, it does not merge), in arrival order.
  deliver("First");
  deliver("Second");
  ASSERT_EQ(journal_.waitForCount(pns("pns.dispatch"), 2, 10s), 2U) << journal_.transcript();
  auto ios = apns_->pushes().forToken(kIosToken);
  ASSERT_EQ(ios.size(), 2U);
  EXPECT_EQ(ios[0].request["json"]["aps"]["alert"]["title"], "First");
  EXPECT_EQ(ios[1].request["json"]["aps"]["alert"]["title"], "Second");
  EXPECT_EQ(ios[1].request["json"]["aps"]["badge"], 2);
  // The same notification three times within the delay (Dovecot retrying, say): one push.
  NotifyMessageNew again;
  again.userId = 3;
  again.contextId = 1;
  again.folder = "INBOX";
  again.uid = 99;
  again.from = "Bob Example <bob@example.org>";
  again.subject = "Retried";
  again.unseen = 3;
  const auto before = journal_.lastSeq();
  for (int i = 0; i < 3; ++i) {
    pns_->onMessageNew(again);
  }
  journal::WaitOptions after;
  after.after = before;
  const auto dispatched = journal_.waitFor(pns("pns.dispatch"), 10s, after);
  ASSERT_TRUE(dispatched) << journal_.transcript();
  journal::WaitOptions later;
  later.after = dispatched->seq;
  EXPECT_FALSE(journal_.never(pns("pns.dispatch"), 1500ms, later));
  ios = apns_->pushes().forToken(kIosToken);
  ASSERT_EQ(ios.size(), 3U);
  EXPECT_EQ(ios[2].request["json"]["aps"]["alert"]["title"], "Retried");
}

TEST_F(PnsEndToEnd, SubscribeRejectsBadInput) {
  start("7.10");
  const auto expectError = [&](const nlohmann::json& body, const std::string& code) {
    try {
      pns_->subscribe(alice(), body);
      ADD_FAILURE() << "accepted " << body.dump();
    } catch (const AjaxError& e) {
      EXPECT_EQ(e.code(), code) << body.dump();
    }
  };
  expectError({{"transport", "apn"}, {"topics", {"ox:mail:new"}}}, "SVL-0002");
  expectError({{"token", "x"}, {"topics", {"ox:mail:new"}}}, "SVL-0002");
  expectError({{"token", "x"}, {"transport", "pigeon"}, {"topics", {"ox:mail:new"}}}, "SVL-0010");
  expectError({{"token", "x"}, {"transport", "apn"}, {"topics", {"ox::mail"}}}, "PNS-0007");
  expectError({{"token", "x"}, {"transport", "apn"}, {"topics", {42}}}, "PNS-0007");
  expectError({{"token", "x"}, {"transport", "apn"}, {"topics", "ox:mail:new"}}, "SVL-0002");
  expectError({{"token", "x"}, {"transport", "apn"}, {"topics", nlohmann::json::array()}}, "SVL-0010");
  expectError({{"token", "x"}, {"transport", "apn"}}, "SVL-0002");
  expectError({{"client", ""}, {"token", "x"}, {"transport", "apn"}, {"topics", {"*"}}}, "SVL-0002");
  EXPECT_TRUE(pns_->subscriptions().all().empty());
  EXPECT_EQ(journal_.count(pns("pns.rejected")), 9U);
}

TEST_F(PnsEndToEnd, ApnsHttp2TransportIn78AndNoSenderForWebsocket) {
  start("7.8.4");
  subscribe("apns_http2", kIosToken);
  subscribe("websocket", "ws-1");
  ASSERT_TRUE(journal_.waitFor(pns("pns.listener"), 5s));
  deliver("Mixed");
  ASSERT_TRUE(journal_.waitFor(pns("pns.dispatch"), 10s)) << journal_.transcript();
  auto finding = journal_.waitFor(pns("pns.finding"), 5s);
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->data["id"], "oxh.pns.not-enabled");
  EXPECT_EQ(apns_->pushes().forToken(kIosToken).size(), 1U);  // HTTP/2, not the legacy gateway
  EXPECT_TRUE(legacy_->pushes().forToken(kIosToken).empty());
}

TEST_F(PnsEndToEnd, CredentialStorageLetsTheSessionLessListenerLogIn) {
  // The lookup has no usable password (no global password source): only the credentials
  // stored at subscribe time (from the session) get the listener and the badge lookup in.
  mailPush_ = "com.openexchange.push.credstorage.enabled=true\ncom.openexchange.push.credstorage.passcrypt=k3y\n";
  lookupPassword_ = "not-the-password";
  start("7.8.4");
  subscribe("apn", kIosToken);
  ASSERT_TRUE(journal_.waitFor(pns("pns.credentials"), 1s));
  auto listener = journal_.waitFor(pns("pns.listener"), 5s);
  ASSERT_TRUE(listener);
  EXPECT_TRUE(listener->data["ok"].get<bool>()) << listener->data.dump();
  EXPECT_EQ(metadata(), "user=3@1");
  deliver("Stored");
  auto dispatch = journal_.waitFor(pns("pns.dispatch"), 10s);
  ASSERT_TRUE(dispatch);
  EXPECT_EQ(dispatch->data["badge_source"], "imap");
  EXPECT_EQ(dispatch->data["payload"]["aps"]["badge"], 1);
  pns_->unsubscribe(alice(), {{"token", kIosToken}, {"transport", "apn"}});
  auto removed = journal_.waitFor(pns("pns.credentials"), 5s);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->data["action"], "removed");
}

TEST_F(PnsEndToEnd, TokenTakenOverByAnotherUser) {
  start("7.10");
  subscribe("apn", kIosToken);
  const FacadeUser bob = user("bob@example.org", 4);
  pns_->subscribe(bob, {{"token", kIosToken}, {"transport", "apn"}, {"topics", {"ox:mail:*"}}});
  EXPECT_TRUE(journal_.waitFor(pns("pns.takeover"), 1s));
  EXPECT_TRUE(pns_->subscriptions().forUser(3, 1).empty());
  EXPECT_EQ(pns_->subscriptions().forUser(4, 1).size(), 1U);
}

}  // namespace
}  // namespace oxh::facade::pns
