#include "mock_apns_fcm/apns_legacy/fake_apns_legacy.hpp"

#include <gtest/gtest.h>

#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "common/net/raw_connection_test_support.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_test_support.hpp"

namespace oxh::push::apns {
namespace {

using namespace std::chrono_literals;
using testing::LegacyTlsClient;

const std::string kRawToken(32, '\x5a');
const std::string kHexToken = tokenToHex(kRawToken);

class FakeApnsLegacyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeApnsLegacyOptions options;
    options.journal = &journal_;
    fake_ = std::make_unique<FakeApnsLegacy>(runtime_.context(), options);
    fake_->addDevice(kHexToken, "com.x");
    fake_->start();
  }

  journal::Journal journal_;
  net::IoRuntime runtime_{2};
  std::unique_ptr<FakeApnsLegacy> fake_;
  testing::ClientIdentity identity_ = testing::makeProviderCertificate("com.x");
};

TEST_F(FakeApnsLegacyTest, GatewayAcceptsThenAnswersABadFrameWithTheErrorPacketAndCloses) {
  LegacyTlsClient client(fake_->gatewayEndpoint(), fake_->caPem(), &identity_);
  client.send(encodeFrame({kRawToken, std::string(R"({"aps":{"alert":"hi"}})"), 1u, 1700000000u, std::uint8_t{10}}) +
              encodeFrame({kRawToken.substr(0, 31), std::string("{}"), 2u, std::nullopt, std::nullopt}));
  EXPECT_EQ(client.readUntilClose(), encodeErrorResponse(LegacyStatus::InvalidTokenSize, 2));
  const auto records = fake_->pushes().all();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].accepted());
  EXPECT_EQ(records[0].auth, "cert uid=com.x");
  EXPECT_EQ(records[0].request["json"]["aps"]["alert"], "hi");
  EXPECT_EQ(records[1].reason, "InvalidTokenSize");
  EXPECT_TRUE(journal_.waitFor(
      [](const journal::Entry& e) { return e.component == "apns-legacy" && e.kind == "connection.close"; }, 5s));
}

TEST_F(FakeApnsLegacyTest, FeedbackSendsUnregisteredTokensOnceThenCloses) {
  fake_->unregisterDevice(kHexToken, std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)));
  {
    LegacyTlsClient client(fake_->feedbackEndpoint(), fake_->caPem(), &identity_);
    EXPECT_EQ(client.readUntilClose(), encodeFeedbackRecord(1700000000, kRawToken));
  }
  LegacyTlsClient again(fake_->feedbackEndpoint(), fake_->caPem(), &identity_);
  EXPECT_EQ(again.readUntilClose(), "");
}

TEST_F(FakeApnsLegacyTest, ClientCertificateIsRequiredAndMustNameTheEnvironment) {
  {
    // With TLS 1.3 the client finishes its handshake before the server has checked the
    // certificate, so the refusal (alert certificate_required) shows on the first read.
    LegacyTlsClient anonymous(fake_->gatewayEndpoint(), fake_->caPem(), nullptr);
    boost::system::error_code ec;
    EXPECT_EQ(anonymous.readUntilClose(&ec), "");
    EXPECT_TRUE(ec);
    EXPECT_TRUE(journal_.waitFor([](const journal::Entry& e) { return e.kind == "connection.tls-failed"; }, 5s));
  }
  const auto production = testing::makeProviderCertificate("com.x", false, true);
  LegacyTlsClient client(fake_->gatewayEndpoint(), fake_->caPem(), &production);
  boost::system::error_code ec;
  EXPECT_EQ(client.readUntilClose(&ec), "");
  EXPECT_TRUE(ec);
  EXPECT_TRUE(journal_.waitFor(
      [](const journal::Entry& e) {
        return e.kind == "connection.close" && e.data.value("why", "").find("sandbox") != std::string::npos;
      },
      5s));
}

TEST_F(FakeApnsLegacyTest, GarbageGetsAPacketPlainTcpGetsClosedAndTheFakeKeepsServing) {
  {
    LegacyTlsClient client(fake_->gatewayEndpoint(), fake_->caPem(), &identity_);
    client.send("POST /3/device/aa HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(client.readUntilClose(), encodeErrorResponse(LegacyStatus::Unknown, 0));
  }
  for (const auto& endpoint : {fake_->gatewayEndpoint(), fake_->feedbackEndpoint()}) {
    net::testing::RawConnection raw(endpoint);
    raw.send(std::string(300, '\x02'));  // not a TLS ClientHello
    raw.readUntilClose();
  }
  LegacyTlsClient client(fake_->gatewayEndpoint(), fake_->caPem(), &identity_);
  client.send(encodeEnhanced(77, 0, kRawToken, "{}") + encodeEnhanced(78, 0, std::string(32, '\x01'), "{}"));
  EXPECT_EQ(client.readUntilClose(), encodeErrorResponse(LegacyStatus::InvalidToken, 78));
  EXPECT_EQ(fake_->pushes().forToken(kHexToken).size(), 1u);
}

TEST_F(FakeApnsLegacyTest, SharedRegistryAndControlledFaults) {
  DeviceRegistry shared;
  shared.add(kHexToken, "com.x", Environment::Production);
  FakeApnsLegacyOptions options;
  options.devices = &shared;
  options.environment = Environment::Production;
  FakeApnsLegacy production(runtime_.context(), options);
  production.start();
  production.arm(LegacyFault::fromJson({{"token", kHexToken}, {"status", 8}}));
  const auto identity = testing::makeProviderCertificate("com.x", false, true);
  {
    LegacyTlsClient client(production.gatewayEndpoint(), production.caPem(), &identity);
    client.send(encodeEnhanced(3, 0, kRawToken, "{}"));
    EXPECT_EQ(client.readUntilClose(), encodeErrorResponse(LegacyStatus::InvalidToken, 3));
  }
  shared.unregister(kHexToken, std::chrono::system_clock::time_point(std::chrono::seconds(1600000000)));
  LegacyTlsClient feedback(production.feedbackEndpoint(), production.caPem(), &identity);
  EXPECT_EQ(feedback.readUntilClose(), encodeFeedbackRecord(1600000000, kRawToken));
  production.stop();
}

}  // namespace
}  // namespace oxh::push::apns
