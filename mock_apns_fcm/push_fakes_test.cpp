#include "mock_apns_fcm/push_fakes.hpp"

#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "common/http1/client.hpp"
#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"

namespace oxh::push {
namespace {

std::string errorOf(nlohmann::json apns, nlohmann::json fcm = nullptr) {
  net::IoRuntime runtime(1);
  try {
    PushFakes fakes(runtime.context(), {std::move(apns), std::move(fcm), nullptr, nullptr});
  } catch (const OxhException& error) {
    return error.error().describe();
  }
  return "";
}

TEST(PushFakesTest, BadConfigurationNamesThePath) {
  EXPECT_NE(errorOf({{"listen", "nowhere"}}).find("apns.listen: wants host:port"), std::string::npos);
  EXPECT_NE(errorOf({{"devices", {{{"token", "aa"}, {"colour", "red"}}}}}).find("apns.devices[0]: unknown key 'colour'"),
            std::string::npos);
  EXPECT_NE(errorOf({{"environment", "staging"}}).find("apns.environment"), std::string::npos);
  EXPECT_NE(errorOf({{"rate_limit", {{"max", "x"}}}}).find("apns.rate_limit"), std::string::npos);
  EXPECT_NE(errorOf(nullptr, {{"tls", "yes"}}).find("fcm.tls: has the wrong type"), std::string::npos);
  EXPECT_NE(errorOf(nullptr, nlohmann::json::array()).find("fcm: must be a mapping"), std::string::npos);
  EXPECT_EQ(errorOf({{"legacy", nlohmann::json::object()}}, nlohmann::json::object()), "");
}

TEST(PushFakesTest, StartsWhatIsConfiguredAndTheFcmOverTls) {
  journal::Journal journal("test");
  net::IoRuntime runtime(2);
  auto authority = std::make_shared<tls::CertificateAuthority>("test CA");
  PushFakes fakes(runtime.context(),
                  {{{"devices", {{{"token", std::string(64, 'a')}, {"topic", "com.x"}}}}, {"legacy", nlohmann::json::object()}},
                   {{"access_tokens", {"oauth"}},
                    {"devices", {{{"token", "t1"}, {"sender", "demo"}}}},
                    {"rate_limit", {{"max", 1}, {"window_ms", 60000}}}},
                   authority,
                   &journal});
  fakes.start();
  EXPECT_EQ(fakes.endpoints().size(), 4U);
  const auto described = fakes.describe();
  EXPECT_TRUE(described["apns"].contains("legacy_gateway"));
  const std::string url = described["fcm"]["url"];
  ASSERT_EQ(url.rfind("https://", 0), 0U);

  http1::ClientRequest request;
  request.method = "POST";
  request.url = "https://localhost:" + std::to_string(fakes.endpoints().back().port) + "/v1/projects/demo/messages:send";
  request.headers = {{"Authorization", "Bearer oauth"}};
  request.body = R"({"message":{"token":"t1"}})";
  request.caPem = authority->caPem();
  EXPECT_EQ(http1::send(request).status, 200);
  EXPECT_EQ(http1::send(request).status, 429);  // rate_limit max 1
  fakes.reset();
  EXPECT_EQ(http1::send(request).status, 200);
  fakes.stop();
  runtime.stop();
}

}  // namespace
}  // namespace oxh::push
