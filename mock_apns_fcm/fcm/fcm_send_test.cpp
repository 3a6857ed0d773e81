#include <gtest/gtest.h>

#include "mock_apns_fcm/fcm/legacy_send.hpp"
#include "mock_apns_fcm/fcm/payload_rules.hpp"
#include "mock_apns_fcm/fcm/v1_send.hpp"

namespace oxh::push::fcm {
namespace {

class FcmSendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.addServerKey("K", "S");
    registry_.addDevice("t1", {"S", true, ""});
    registry_.addDevice("gone", {"S", false, ""});
    registry_.addAccessToken("oauth");
  }
  http1::Response legacy(const std::string& body, const std::string& auth = "key=K") {
    http1::Request request;
    request.method = "POST";
    request.target = "/fcm/send";
    request.headers = {{"Authorization", auth}, {"Content-Type", "application/json"}};
    request.body = body;
    return handleLegacySend(request, context_);
  }
  http1::Response v1(const std::string& body, const std::string& auth = "Bearer oauth") {
    http1::Request request;
    request.method = "POST";
    request.target = "/v1/projects/S/messages:send";
    request.headers = {{"Authorization", auth}};
    request.body = body;
    return handleV1Send(request, context_);
  }

  FcmRegistry registry_;
  FcmFaults faults_;
  PushLog log_{"fcm"};
  FcmBehaviour behaviour_;
  RateLimiter rateLimiter_;
  FcmContext context_{registry_, faults_, log_, behaviour_, rateLimiter_};
};

TEST_F(FcmSendTest, LegacyStatusesAndPerTokenErrors) {
  EXPECT_EQ(legacy("{}", "key=wrong").status, 401);
  EXPECT_EQ(legacy("not json").status, 400);
  EXPECT_EQ(legacy(R"({"registration_ids":[]})").status, 400);
  nlohmann::json many{{"registration_ids", std::vector<std::string>(1001, "t1")}};
  EXPECT_EQ(legacy(many.dump()).status, 400);
  EXPECT_EQ(legacy(R"({"to":"t1","data":{"n":1}})").status, 400);

  auto body = nlohmann::json::parse(legacy(R"({"registration_ids":["t1","gone","??"]})").body);
  EXPECT_EQ(body["success"], 1);
  EXPECT_EQ(body["results"][1]["error"], "NotRegistered");
  EXPECT_EQ(body["results"][2]["error"], "InvalidRegistration");
  EXPECT_GT(body["multicast_id"].get<std::uint64_t>(), std::uint64_t{1} << 53);
  EXPECT_EQ(nlohmann::json::parse(legacy(R"({"to":"t1","data":{"from":"x"}})").body)["results"][0]["error"],
            "InvalidDataKey");
  EXPECT_EQ(nlohmann::json::parse(legacy(R"({"to":"t1","time_to_live":2419201})").body)["results"][0]["error"],
            "InvalidTtl");
  const nlohmann::json big{{"to", "t1"}, {"data", {{"x", std::string(4100, 'x')}}}};
  EXPECT_EQ(nlohmann::json::parse(legacy(big.dump()).body)["results"][0]["error"], "MessageTooBig");
  EXPECT_EQ(nlohmann::json::parse(legacy(R"({})").body)["results"][0]["error"], "MissingRegistration");
}

TEST_F(FcmSendTest, LegacyFaultWithRetryAfter) {
  faults_.arm(FcmFault::fromJson({{"status", 503}, {"retry_after", 7}}));
  const auto response = legacy(R"({"to":"t1"})");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.header("Retry-After"), "7");
  EXPECT_EQ(legacy(R"({"to":"t1"})").status, 200);
}

TEST_F(FcmSendTest, V1SuccessAndGoogleRpcErrors) {
  EXPECT_EQ(v1(R"({"message":{"token":"t1"}})", "Bearer nope").status, 401);
  const auto ok = nlohmann::json::parse(v1(R"({"message":{"token":"t1","android":{"priority":"high","ttl":"3600s"}}})").body);
  EXPECT_EQ(ok["name"].get<std::string>().rfind("projects/S/messages/", 0), 0u);
  const auto gone = v1(R"({"message":{"token":"gone"}})");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(nlohmann::json::parse(gone.body)["error"]["details"][0]["errorCode"], "UNREGISTERED");
  EXPECT_EQ(v1(R"({"message":{"token":"t1","topic":"x"}})").status, 400);
  EXPECT_EQ(v1(R"({"message":{"token":"t1","data":{"a":1}}})").status, 400);
  EXPECT_EQ(parseDurationSeconds("1.5s"), 1);
  EXPECT_FALSE(parseDurationSeconds("s"));
}

TEST_F(FcmSendTest, PerTokenRateLimit) {
  rateLimiter_.setLimit({2, std::chrono::hours(1)});
  EXPECT_EQ(v1(R"({"message":{"token":"t1"}})").status, 200);
  EXPECT_EQ(nlohmann::json::parse(legacy(R"({"to":"t1"})").body)["success"], 1);
  // The third push to t1 within the window: v1 429 QUOTA_EXCEEDED, legacy per-result error.
  const auto refused = v1(R"({"message":{"token":"t1"}})");
  EXPECT_EQ(refused.status, 429);
  const auto error = nlohmann::json::parse(refused.body)["error"];
  EXPECT_EQ(error["status"], "RESOURCE_EXHAUSTED");
  EXPECT_EQ(error["details"][0]["errorCode"], "QUOTA_EXCEEDED");
  EXPECT_EQ(error["details"][1]["@type"], "type.googleapis.com/google.rpc.QuotaFailure");
  const auto legacyBody = nlohmann::json::parse(legacy(R"({"registration_ids":["t1","gone"]})").body);
  EXPECT_EQ(legacyBody["results"][0]["error"], "DeviceMessageRateExceeded");
  EXPECT_EQ(legacyBody["results"][1]["error"], "NotRegistered");
  // validate_only and dry_run sends deliver nothing, so they are not throttled.
  EXPECT_EQ(v1(R"({"validate_only":true,"message":{"token":"t1"}})").status, 200);
  EXPECT_FALSE(nlohmann::json::parse(legacy(R"({"to":"t1","dry_run":true})").body)["results"][0].contains("error"));
  rateLimiter_.clear();
  EXPECT_EQ(v1(R"({"message":{"token":"t1"}})").status, 200);
}

}  // namespace
}  // namespace oxh::push::fcm
