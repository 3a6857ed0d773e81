#include "mock_apns_fcm/apns/apns_service.hpp"

#include <gtest/gtest.h>

namespace oxh::push::apns {
namespace {

using namespace std::chrono_literals;

const std::string kToken(64, 'c');

class ApnsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    devices_.add(kToken, "com.x", Environment::Sandbox);
    CertificateIdentity cert;
    cert.uid = "com.x";
    cert.sandbox = true;
    connection_.certificate = cert;
  }
  ApnsDecision push(const std::string& token = kToken) {
    ApnsRequest request;
    request.method = "POST";
    request.path = "/3/device/" + token;
    request.authority = "api.sandbox.push.apple.com";
    request.body = "{}";
    request.bodySize = 2;
    return service_.handle(request, connection_);
  }

  DeviceRegistry devices_;
  ProviderKeys keys_;
  FaultOverrides faults_;
  PushLog log_{"apns"};
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::time_point(1000h);
  ValidationOptions options_ = [] {
    ValidationOptions options;
    options.tokenRateLimit = {2, 1000ms};
    return options;
  }();
  ApnsService service_{options_, devices_, keys_, faults_, log_, [this] { return now_; }};
  ApnsConnectionContext connection_;
};

TEST_F(ApnsServiceTest, TooManyRequestsToOneTokenWithinTheWindow) {
  EXPECT_EQ(push().response.status, 200);
  EXPECT_EQ(push().response.status, 200);
  const auto refused = push();
  EXPECT_EQ(refused.response.status, 429);
  EXPECT_EQ(nlohmann::json::parse(refused.response.body), (nlohmann::json{{"reason", "TooManyRequests"}}));
  EXPECT_EQ(log_.all().back().reason, "TooManyRequests");
  now_ += 1000ms;  // both earlier pushes leave the window
  EXPECT_EQ(push().response.status, 200);
}

TEST_F(ApnsServiceTest, RejectedPushesDoNotCountAndTheLimitCanChange) {
  devices_.unregister(kToken, now_);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(push().response.status, 410);  // never 429: only pushes APNs would accept count
  }
  devices_.add(kToken, "com.x", Environment::Sandbox);
  service_.rateLimiter().setLimit({});
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(push().response.status, 200);
  }
}

// The record keeps the request raw; its JSON form (rendered on read) is what expect.apns.push,
// the control plane and reports see: headers in wire order, the body as text and parsed.
TEST_F(ApnsServiceTest, TheRecordRendersTheRequestAndTheAnswer) {
  ApnsRequest request;
  request.streamId = 5;
  request.method = "POST";
  request.path = "/3/device/" + kToken;
  request.authority = "api.sandbox.push.apple.com";
  request.headers = {{"apns-topic", "com.x"}, {"apns-push-type", "alert"}};
  request.body = R"({"aps":{"badge":3}})";
  request.bodySize = request.body.size();
  const auto decision = service_.handle(request, connection_);
  ASSERT_EQ(decision.response.status, 200);
  EXPECT_TRUE(log_.records().at(0)->request.is_null());  // nothing rendered while answering

  const auto record = log_.all().at(0);
  EXPECT_EQ(record.auth, "cert uid=com.x");
  EXPECT_EQ(record.request["method"], "POST");
  EXPECT_EQ(record.request["stream"], 5);
  EXPECT_EQ(record.request["headers"], nlohmann::json::parse(R"([["apns-topic","com.x"],["apns-push-type","alert"]])"));
  EXPECT_EQ(record.request["body"], request.body);
  EXPECT_EQ(record.request["json"]["aps"]["badge"], 3);
  EXPECT_EQ(record.request["environment"], "sandbox");
  EXPECT_FALSE(record.request.contains("verdict_detail"));
  EXPECT_EQ(record.response["status"], 200);
  EXPECT_EQ(record.response["headers"][0][0], "apns-id");
  EXPECT_EQ(record.response["headers"][0][1], decision.response.headers[0].second);
  EXPECT_EQ(record.response["delay_ms"], 0);

  devices_.unregister(kToken, now_);
  EXPECT_EQ(push().response.status, 410);
  const auto refused = log_.all().at(1);
  EXPECT_EQ(refused.reason, "Unregistered");
  EXPECT_EQ(nlohmann::json::parse(refused.response["body"].get<std::string>())["reason"], "Unregistered");
  EXPECT_EQ(refused.request["json"], nlohmann::json::object());
}

}  // namespace
}  // namespace oxh::push::apns
