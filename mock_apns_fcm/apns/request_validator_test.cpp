#include "mock_apns_fcm/apns/request_validator.hpp"

#include <gtest/gtest.h>

#include "mock_apns_fcm/apns/header_rules.hpp"

namespace oxh::push::apns {
namespace {

const std::string kToken(64, 'b');

class RequestValidatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    devices_.add(kToken, "com.x", Environment::Sandbox);
    CertificateIdentity cert;
    cert.uid = "com.x";
    cert.sandbox = true;
    connection_.certificate = cert;
  }
  std::optional<Reason> verdictFor(HeaderList headers, std::string body = "{}", std::string path = "/3/device/" + kToken,
                                   std::string method = "POST") {
    ApnsRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.authority = "localhost";
    request.headers = std::move(headers);
    request.bodySize = body.size();
    request.body = std::move(body);
    return validate(request, connection_, devices_, keys_, options_, std::chrono::system_clock::now()).reason;
  }

  DeviceRegistry devices_;
  ProviderKeys keys_;
  ValidationOptions options_;
  ApnsConnectionContext connection_;
};

TEST_F(RequestValidatorTest, AcceptsAndUsesTheCertificateTopicWhenAbsent) {
  EXPECT_EQ(verdictFor({{"apns-topic", "com.x"}}), std::nullopt);
  EXPECT_EQ(verdictFor({}), std::nullopt);
}

TEST_F(RequestValidatorTest, HeaderRulesInPushysOrder) {
  EXPECT_EQ(verdictFor({{"apns-id", "nope"}}, "{}", "/x", "GET"), Reason::BadMessageId);
  EXPECT_EQ(verdictFor({{"apns-id", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"}}), std::nullopt);
  EXPECT_EQ(verdictFor({}, "{}", "/x", "GET"), Reason::MethodNotAllowed);
  EXPECT_EQ(verdictFor({{"apns-collapse-id", std::string(65, 'c')}}), Reason::BadCollapseId);
  EXPECT_EQ(verdictFor({{"apns-priority", "7"}}), Reason::BadPriority);
  EXPECT_EQ(verdictFor({{"apns-push-type", "fax"}}), Reason::InvalidPushType);
  EXPECT_EQ(verdictFor({{"apns-expiration", "-1"}}), Reason::BadExpirationDate);
  EXPECT_EQ(verdictFor({}, "{}", "/3/device/"), Reason::MissingDeviceToken);
  EXPECT_EQ(verdictFor({}, "{}", "/4/device/" + kToken), Reason::BadPath);
  EXPECT_EQ(verdictFor({}, "{}", "/3/device/xyz"), Reason::BadDeviceToken);
  EXPECT_EQ(verdictFor({{"apns-topic", "com.other"}}), Reason::TopicDisallowed);
  EXPECT_EQ(verdictFor({{"apns-topic", ""}}), Reason::BadTopic);
}

// The token checks run once per push without per-character library calls; the same verdicts.
TEST_F(RequestValidatorTest, TokenCharactersAndCase) {
  for (const char* tail : {"/x", "?a=1", "#f"}) {
    EXPECT_EQ(verdictFor({}, "{}", "/3/device/" + kToken + tail), Reason::BadPath) << tail;
  }
  EXPECT_EQ(verdictFor({}, "{}", "/3/device/" + std::string(64, 'B')), std::nullopt);  // registered lower case
  EXPECT_EQ(verdictFor({}, "{}", "/3/device/" + std::string(63, 'b') + "g"), Reason::BadDeviceToken);
  EXPECT_EQ(verdictFor({}, "{}", "/3/device/" + std::string(63, 'b') + "G"), Reason::BadDeviceToken);
  EXPECT_EQ(verdictFor({}, "{}", "/3/device/" + std::string(63, 'b') + "\xe9"), Reason::BadDeviceToken);
  devices_.add("0123456789ABCDEFabcdef", "com.x", Environment::Sandbox);
  EXPECT_EQ(verdictFor({}, "{}", "/3/device/0123456789abcdefABCDEF"), std::nullopt);
}

TEST_F(RequestValidatorTest, DeviceStateAndPayload) {
  EXPECT_EQ(verdictFor({}, "{}", "/3/device/" + std::string(64, 'c')), Reason::BadDeviceToken);
  devices_.add(std::string(64, 'd'), "com.y", Environment::Sandbox);
  EXPECT_EQ(verdictFor({}, "{}", "/3/device/" + std::string(64, 'd')), Reason::DeviceTokenNotForTopic);
  devices_.unregister(kToken, std::chrono::system_clock::now());
  EXPECT_EQ(verdictFor({}), Reason::Unregistered);
  devices_.add(kToken, "com.x", Environment::Sandbox);
  EXPECT_EQ(verdictFor({}, ""), Reason::PayloadEmpty);
  EXPECT_EQ(verdictFor({}, std::string(4097, 'x')), Reason::PayloadTooLarge);
  EXPECT_EQ(verdictFor({{"apns-push-type", "voip"}, {"apns-topic", "com.x.voip"}}, std::string(5000, 'x')),
            Reason::DeviceTokenNotForTopic);
}

TEST_F(RequestValidatorTest, PushTypeAndTopicSuffixMustAgree) {
  const std::string voip(64, 'e');
  devices_.add(voip, "com.x.voip", Environment::Sandbox);
  const auto toVoip = "/3/device/" + voip;
  EXPECT_EQ(verdictFor({{"apns-push-type", "voip"}, {"apns-topic", "com.x.voip"}}, "{}", toVoip), std::nullopt);
  EXPECT_EQ(verdictFor({{"apns-topic", "com.x.voip"}}, "{}", toVoip), std::nullopt);  // no push type: inferred
  // A .voip topic with another push type: InvalidPushType (before authentication and device).
  EXPECT_EQ(verdictFor({{"apns-push-type", "alert"}, {"apns-topic", "com.x.voip"}}, "{}", toVoip),
            Reason::InvalidPushType);
  EXPECT_EQ(verdictFor({{"apns-push-type", "background"}, {"apns-topic", "com.x.voip"}, {"apns-priority", "5"}}, "{}",
                       toVoip),
            Reason::InvalidPushType);
  // voip to the bare bundle id: DeviceTokenNotForTopic, even for a token registered there.
  EXPECT_EQ(verdictFor({{"apns-push-type", "voip"}, {"apns-topic", "com.x"}}), Reason::DeviceTokenNotForTopic);
  EXPECT_EQ(verdictFor({{"apns-push-type", "alert"}, {"apns-topic", "com.x"}}), std::nullopt);
}

TEST(HeaderRulesTest, TopicSuffixTable) {
  const std::vector<std::pair<std::string, std::string>> table{
      {"voip", "com.x.voip"},
      {"complication", "com.x.complication"},
      {"fileprovider", "com.x.pushkit.fileprovider"},
      {"location", "com.x.location-query"},
      {"liveactivity", "com.x.push-type.liveactivity"},
      {"pushtotalk", "com.x.voip-ptt"},
      {"widgets", "com.x.push-type.widgets"},
      {"controls", "com.x.push-type.controls"}};
  for (const auto& [type, topic] : table) {
    SCOPED_TRACE(type);
    EXPECT_EQ(pushTypeForTopic(topic), type);
    EXPECT_EQ(checkPushTypePairing(type, topic), PushTypePairing::Ok);
    EXPECT_EQ(checkPushTypePairing(type, "com.x"), PushTypePairing::DeviceTokenNotForTopic);
    EXPECT_EQ(checkPushTypePairing(std::string("alert"), topic), PushTypePairing::InvalidPushType);
    EXPECT_EQ(checkPushTypePairing(std::nullopt, topic), PushTypePairing::Ok);
  }
  // Each suffixed type against each other suffixed type's topic.
  EXPECT_EQ(checkPushTypePairing(std::string("voip"), "com.x.voip-ptt"), PushTypePairing::InvalidPushType);
  EXPECT_EQ(checkPushTypePairing(std::string("pushtotalk"), "com.x.voip"), PushTypePairing::InvalidPushType);
  EXPECT_EQ(checkPushTypePairing(std::string("complication"), "com.x.pushkit.fileprovider"),
            PushTypePairing::InvalidPushType);
  for (const auto* plain : {"alert", "background", "mdm"}) {
    EXPECT_EQ(topicSuffixFor(plain), std::nullopt);
    EXPECT_EQ(checkPushTypePairing(std::string(plain), "com.x"), PushTypePairing::Ok);
  }
  EXPECT_EQ(pushTypeForTopic("com.x"), std::nullopt);
  EXPECT_EQ(pushTypeForTopic(".voip"), std::nullopt);  // a suffix alone names no bundle
}

TEST_F(RequestValidatorTest, EnvironmentFollowsTheAuthority) {
  EXPECT_EQ(environmentFor("api.push.apple.com:443", Environment::Sandbox), Environment::Production);
  EXPECT_EQ(environmentFor("api.sandbox.push.apple.com", Environment::Production), Environment::Sandbox);
  EXPECT_EQ(environmentFor("", Environment::Production), Environment::Production);
  connection_.certificate->sandbox = false;
  connection_.certificate->production = true;
  EXPECT_EQ(verdictFor({}), Reason::BadCertificateEnvironment);
  connection_.certificate->uid.clear();
  EXPECT_EQ(verdictFor({{"apns-topic", "com.x"}}), Reason::BadCertificate);
}

}  // namespace
}  // namespace oxh::push::apns
