#include "mock_apns_fcm/apns/apns_push_detail.hpp"

#include <gtest/gtest.h>

namespace oxh::push::apns {
namespace {

ApnsRequest sampleRequest(std::string body) {
  ApnsRequest request;
  request.streamId = 7;
  request.method = "POST";
  request.path = "/3/device/abc";
  request.authority = "api.push.apple.com";
  request.headers = {{"apns-topic", "com.x"}, {"authorization", std::string(300, 'j')}, {"empty", ""}};
  request.bodySize = body.size() + 10;  // more than kept: the limit cut it
  request.body = std::move(body);
  return request;
}

TEST(ApnsPushDetailTest, RendersTheRequestAndAnswerItPacked) {
  ApnsPushDetail detail;
  detail.environment = Environment::Production;
  detail.verdictDetail = "why";
  detail.fault = {{"action", "delay"}};
  ApnsDecision decision;
  decision.response.status = 400;
  decision.response.headers = {{"apns-id", "id-1"}, {"content-type", "application/json"}};
  decision.response.body = R"({"reason":"BadTopic"})";
  decision.delay = std::chrono::milliseconds(25);
  detail.pack(sampleRequest(R"({"aps":{"badge":1}})"), decision);

  const auto request = detail.request();
  EXPECT_EQ(request["method"], "POST");
  EXPECT_EQ(request["path"], "/3/device/abc");
  EXPECT_EQ(request["authority"], "api.push.apple.com");
  EXPECT_EQ(request["stream"], 7);
  EXPECT_EQ(request["body_size"], 29);
  ASSERT_EQ(request["headers"].size(), 3U);
  EXPECT_EQ(request["headers"][1], nlohmann::json::array({"authorization", std::string(300, 'j')}));
  EXPECT_EQ(request["headers"][2], nlohmann::json::array({"empty", ""}));
  EXPECT_EQ(request["body"], R"({"aps":{"badge":1}})");
  EXPECT_EQ(request["json"]["aps"]["badge"], 1);
  EXPECT_EQ(request["environment"], "production");
  EXPECT_EQ(request["verdict_detail"], "why");
  EXPECT_EQ(request["fault"]["action"], "delay");

  const auto response = detail.response();
  EXPECT_EQ(response["status"], 400);
  EXPECT_EQ(response["headers"], nlohmann::json::parse(R"([["apns-id","id-1"],["content-type","application/json"]])"));
  EXPECT_EQ(response["body"], R"({"reason":"BadTopic"})");
  EXPECT_EQ(response["delay_ms"], 25);
}

TEST(ApnsPushDetailTest, BinaryBodiesAndFaultAnswers) {
  ApnsPushDetail detail;
  ApnsDecision decision;
  decision.kind = ApnsDecision::Kind::Goaway;
  decision.errorCode = 2;
  decision.goawayData = R"({"reason":"Shutdown"})";
  detail.pack(sampleRequest(std::string("\xff\x00\x01", 3)), decision);
  const auto request = detail.request();
  EXPECT_EQ(request["bodyBase64"], "/wAB");
  EXPECT_FALSE(request.contains("json"));
  EXPECT_FALSE(request.contains("environment"));  // refused before validation
  EXPECT_FALSE(request.contains("verdict_detail"));
  EXPECT_FALSE(request.contains("fault"));
  EXPECT_EQ(detail.response(), (nlohmann::json{{"goaway", 2}, {"debug", R"({"reason":"Shutdown"})"}, {"delay_ms", 0}}));

  ApnsPushDetail reset;
  decision.kind = ApnsDecision::Kind::RstStream;
  reset.pack(ApnsRequest{}, decision);
  EXPECT_EQ(reset.response(), (nlohmann::json{{"rst_stream", 2}, {"delay_ms", 0}}));
  EXPECT_EQ(reset.request()["headers"], nlohmann::json::array());
  EXPECT_EQ(reset.request()["body"], "");
}

TEST(ApnsPushDetailTest, EqualHeaderListsOfAConnectionAreKeptOnce) {
  std::shared_ptr<const std::string> connectionHeaders;
  ApnsDecision decision;
  decision.response.status = 200;
  ApnsPushDetail first;
  first.pack(sampleRequest("{}"), decision, &connectionHeaders);
  ASSERT_NE(connectionHeaders, nullptr);
  const auto kept = connectionHeaders;
  ApnsPushDetail second;
  second.pack(sampleRequest(R"({"a":1})"), decision, &connectionHeaders);
  EXPECT_EQ(connectionHeaders, kept);  // shared, not copied
  EXPECT_EQ(kept.use_count(), 4);      // kept, the connection's, first's and second's

  auto other = sampleRequest("{}");
  other.headers[0].second = "com.y";
  ApnsPushDetail third;
  third.pack(other, decision, &connectionHeaders);
  EXPECT_NE(connectionHeaders, kept);  // a different list replaces the connection's
  EXPECT_EQ(first.request()["headers"][0][1], "com.x");
  EXPECT_EQ(second.request()["headers"][0][1], "com.x");
  EXPECT_EQ(second.request()["body"], R"({"a":1})");
  EXPECT_EQ(third.request()["headers"][0][1], "com.y");
  EXPECT_EQ(third.request()["headers"].size(), 3U);
}

}  // namespace
}  // namespace oxh::push::apns
