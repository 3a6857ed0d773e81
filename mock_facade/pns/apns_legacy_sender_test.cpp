// The legacy binary APNs sender against the fake gateway over TLS.
#include "mock_facade/pns/apns_legacy_sender.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_apns_fcm/apns_legacy/fake_apns_legacy.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_test_support.hpp"

namespace oxh::facade::pns {
namespace {

using namespace std::chrono_literals;
const std::string kTopic = "com.openexchange.mobile.mail";

TEST(ApnsLegacySenderWire, ErrorPacketRemovesAndTheRestIsResentOnANewConnection) {
  journal::Journal journal;
  net::IoRuntime runtime{1};
  push::apns::FakeApnsLegacyOptions options;
  options.journal = &journal;
  push::apns::FakeApnsLegacy fake(runtime.context(), options);
  const std::string good(64, 'd');
  const std::string unknown(64, 'e');
  fake.addDevice(good, kTopic);
  fake.start();
  for (const int command : {1, 2}) {
    fake.reset();
    ApnsLegacyTarget target;
    target.gateway = fake.gatewayEndpoint();
    const auto identity = push::apns::testing::makeProviderCertificate(kTopic);
    target.clientCertPem = identity.certPem;
    target.clientKeyPem = identity.keyPem;
    target.command = command;
    target.errorWait = 300ms;
    ApnsLegacySender sender(target);
    const auto results = sender.send({{unknown, R"({"aps":{"badge":1}})"},
                                      {good, R"({"aps":{"badge":2}})"},
                                      {"abc", "{}"},
                                      {good, std::string(300, ' ')}});
    ASSERT_EQ(results.size(), 4U);
    EXPECT_FALSE(results[0].delivered);
    EXPECT_EQ(results[0].status, 8) << results[0].toJson().dump();  // invalid token
    EXPECT_TRUE(results[0].removeSubscription);
    EXPECT_TRUE(results[1].delivered) << results[1].toJson().dump();
    EXPECT_EQ(results[2].reason, "InvalidDeviceTokenFormat");  // JavaPNS: not 64 characters
    EXPECT_TRUE(results[2].removeSubscription);
    EXPECT_EQ(results[3].reason, "MessageTooBig");  // OX refuses > 256 bytes itself
    EXPECT_FALSE(results[3].removeSubscription);
    const auto pushes = fake.pushes().forToken(good);
    ASSERT_EQ(pushes.size(), 1U) << command;
    EXPECT_TRUE(pushes[0].accepted());
    EXPECT_EQ(pushes[0].request["json"]["aps"]["badge"], 2);
    EXPECT_EQ(pushes[0].request["command"], command);
  }
}

}  // namespace
}  // namespace oxh::facade::pns
