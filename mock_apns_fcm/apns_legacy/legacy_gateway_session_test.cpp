#include "mock_apns_fcm/apns_legacy/legacy_gateway_session.hpp"

#include <gtest/gtest.h>

#include "common/journal/journal.hpp"

namespace oxh::push::apns {
namespace {

const std::string kRawToken(32, '\x11');
const std::string kHexToken = tokenToHex(kRawToken);

class LegacyGatewaySessionTest : public ::testing::Test {
 protected:
  LegacyGatewaySessionTest() {
    devices_.add(kHexToken, "com.x", Environment::Sandbox);
    shared_.devices = &devices_;
    shared_.faults = &faults_;
    shared_.log = &log_;
    shared_.feedback = &feedback_;
    shared_.journal = &journal_;
  }
  LegacyGatewaySession session(const std::string& uid = "com.x") {
    CertificateIdentity identity;
    identity.uid = uid;
    identity.sandbox = true;
    return LegacyGatewaySession(shared_, "g1", identity);
  }

  DeviceRegistry devices_;
  LegacyFaults faults_;
  journal::Journal journal_;
  PushLog log_{kLegacyComponent, &journal_};
  LegacyFeedback feedback_;
  LegacyGatewayShared shared_;
};

TEST_F(LegacyGatewaySessionTest, AcceptsSilentlyAndRecordsEveryField) {
  auto s = session();
  const auto out = s.receive(encodeFrame({kRawToken, std::string(R"({"aps":{"badge":2}})"), 41u, 1700000000u, 5}));
  EXPECT_EQ(out.write, "");
  EXPECT_FALSE(out.close);
  EXPECT_EQ(s.lastAccepted(), 41u);
  const auto records = log_.all();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].accepted());
  EXPECT_EQ(records[0].service, "apns-legacy");
  EXPECT_EQ(records[0].token, kHexToken);
  EXPECT_EQ(records[0].auth, "cert uid=com.x");
  EXPECT_EQ(records[0].request["identifier"], 41);
  EXPECT_EQ(records[0].request["expiry"], 1700000000);
  EXPECT_EQ(records[0].request["priority"], 5);
  EXPECT_EQ(records[0].request["json"]["aps"]["badge"], 2);
  EXPECT_EQ(journal_.count([](const journal::Entry& e) { return e.component == "apns-legacy" && e.kind == "push"; }), 1u);
}

TEST_F(LegacyGatewaySessionTest, BadNotificationGetsTheErrorPacketAndLaterOnesAreDiscarded) {
  auto s = session();
  const auto good = encodeEnhanced(1, 0, kRawToken, "{}");
  const auto shortToken = encodeEnhanced(2, 0, kRawToken.substr(0, 16), "{}");
  const auto after = encodeEnhanced(3, 0, kRawToken, "{}");
  const auto out = s.receive(good + shortToken + after);
  EXPECT_EQ(out.write, encodeErrorResponse(LegacyStatus::InvalidTokenSize, 2));
  EXPECT_TRUE(out.close);
  EXPECT_EQ(s.receive(encodeEnhanced(4, 0, kRawToken, "{}")).write, "");
  const auto records = log_.all();
  ASSERT_EQ(records.size(), 2u);  // 3 and 4 never processed
  EXPECT_EQ(records[1].status, 5);
  EXPECT_EQ(records[1].reason, "InvalidTokenSize");
  EXPECT_EQ(journal_.count([](const journal::Entry& e) { return e.kind == "discarded"; }), 1u);
}

TEST_F(LegacyGatewaySessionTest, StatusCodesFollowApplesTable) {
  struct Case {
    std::string wire;
    LegacyStatus status;
    std::string uid = "com.x";
  };
  const std::vector<Case> cases{
      {encodeFrame({std::nullopt, std::string("{}"), 9u, std::nullopt, std::nullopt}), LegacyStatus::MissingToken},
      {encodeFrame({kRawToken, std::nullopt, 9u, std::nullopt, std::nullopt}), LegacyStatus::MissingPayload},
      {encodeFrame({kRawToken, std::string(""), 9u, std::nullopt, std::nullopt}), LegacyStatus::MissingPayload},
      {encodeFrame({kRawToken, std::string(2049, 'x'), 9u, std::nullopt, std::nullopt}), LegacyStatus::InvalidPayloadSize},
      {encodeEnhanced(9, 0, kRawToken, std::string(257, 'x')), LegacyStatus::InvalidPayloadSize},
      {encodeFrame({kRawToken, std::string("{}"), 9u, std::nullopt, std::uint8_t{7}}), LegacyStatus::ProcessingError},
      {encodeFrame({std::string(32, '\x22'), std::string("{}"), 9u, std::nullopt, std::nullopt}), LegacyStatus::InvalidToken},
      {encodeFrame({kRawToken, std::string("{}"), 9u, std::nullopt, std::nullopt}), LegacyStatus::InvalidToken, "com.other"},
      {encodeFrame({kRawToken, std::string("{}"), 9u, std::nullopt, std::nullopt}), LegacyStatus::MissingTopic, ""},
  };
  for (const auto& c : cases) {
    auto s = session(c.uid);
    EXPECT_EQ(s.receive(c.wire).write, encodeErrorResponse(c.status, 9)) << legacyStatusName(c.status);
  }
  // Payload limits: exactly 2048 in a frame and 256 in command 1 pass.
  auto s = session();
  EXPECT_EQ(s.receive(encodeFrame({kRawToken, std::string(2048, 'x'), 1u, std::nullopt, std::nullopt})).write, "");
  EXPECT_EQ(s.receive(encodeEnhanced(2, 0, kRawToken, std::string(256, 'x'))).write, "");
}

TEST_F(LegacyGatewaySessionTest, BadSimpleNotificationClosesWithoutAPacket) {
  auto s = session();
  const auto out = s.receive(encodeSimple(kRawToken.substr(0, 8), "{}"));
  EXPECT_EQ(out.write, "");
  EXPECT_TRUE(out.close);
  EXPECT_EQ(log_.all().at(0).status, 5);
}

TEST_F(LegacyGatewaySessionTest, GarbageGetsStatus255AndNoRecord) {
  auto s = session();
  const auto out = s.receive("\x16\x03\x01 hello");
  EXPECT_EQ(out.write, encodeErrorResponse(LegacyStatus::Unknown, 0));
  EXPECT_TRUE(out.close);
  EXPECT_EQ(log_.size(), 0u);
}

TEST_F(LegacyGatewaySessionTest, ArmedFaultsServeOnceThenValidationResumes) {
  faults_.arm({kHexToken, LegacyFault::Action::Error, LegacyStatus::InvalidToken, 1});
  auto first = session();
  EXPECT_EQ(first.receive(encodeEnhanced(5, 0, kRawToken, "{}")).write, encodeErrorResponse(LegacyStatus::InvalidToken, 5));
  auto second = session();
  EXPECT_EQ(second.receive(encodeEnhanced(6, 0, kRawToken, "{}")).write, "");
  faults_.arm({"", LegacyFault::Action::Shutdown, LegacyStatus::Shutdown, 1});
  EXPECT_EQ(second.receive(encodeEnhanced(7, 0, kRawToken, "{}")).write, encodeErrorResponse(LegacyStatus::Shutdown, 6));
  faults_.arm({"", LegacyFault::Action::Close, LegacyStatus::ProcessingError, 1});
  auto third = session();
  const auto out = third.receive(encodeEnhanced(8, 0, kRawToken, "{}"));
  EXPECT_TRUE(out.close);
  EXPECT_EQ(out.write, "");
  EXPECT_EQ(log_.all().back().reason, "ConnectionClosed");
}

TEST_F(LegacyGatewaySessionTest, FeedbackListsUnregisteredTokensOncePerUnregistration) {
  auto s = session();
  s.receive(encodeEnhanced(1, 0, kRawToken, "{}"));  // pushing tracks the token
  CertificateIdentity identity;
  identity.uid = "com.x";
  EXPECT_TRUE(feedback_.collect(devices_, Environment::Sandbox, &identity).empty());
  const auto since = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  devices_.unregister(kHexToken, since);
  CertificateIdentity other;
  other.uid = "com.other";
  EXPECT_TRUE(feedback_.collect(devices_, Environment::Sandbox, &other).empty());
  EXPECT_TRUE(feedback_.collect(devices_, Environment::Production, &identity).empty());
  const auto due = feedback_.collect(devices_, Environment::Sandbox, &identity);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(LegacyFeedback::encode(due), encodeFeedbackRecord(1700000000, kRawToken));
  EXPECT_TRUE(feedback_.collect(devices_, Environment::Sandbox, &identity).empty());
  feedback_.resetDelivered();
  EXPECT_EQ(feedback_.collect(devices_, Environment::Sandbox, &identity).size(), 1u);
}

}  // namespace
}  // namespace oxh::push::apns
