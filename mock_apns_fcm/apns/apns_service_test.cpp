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

}  // namespace
}  // namespace oxh::push::apns
