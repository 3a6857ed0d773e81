#include "mock_apns_fcm/fcm/fake_fcm.hpp"

#include <gtest/gtest.h>

#include "common/http1/client.hpp"
#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"
#include "mock_apns_fcm/apns/h2_tls_test_connection.hpp"

namespace oxh::push::fcm {
namespace {

using namespace std::chrono_literals;
using apns::testing::H2TestClient;
using apns::testing::TlsH2Connection;

class FakeFcmTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeFcmOptions options;
    options.tls = true;
    options.authority = authority_;
    options.journal = &journal_;
    fake_ = std::make_unique<FakeFcm>(runtime_.context(), options);
    fake_->addAccessToken("oauth");
    fake_->addDevice("t1", "demo");
    fake_->addDevice("gone", "demo", false);
    fake_->start();
  }
  std::vector<std::pair<std::string, std::string>> headers() {
    return {{"authorization", "Bearer oauth"}, {"content-type", "application/json"}};
  }

  journal::Journal journal_;
  std::shared_ptr<tls::CertificateAuthority> authority_ = std::make_shared<tls::CertificateAuthority>("test CA");
  net::IoRuntime runtime_{2};
  std::unique_ptr<FakeFcm> fake_;
};

TEST_F(FakeFcmTlsTest, V1OverHttp2OnTheTlsPort) {
  TlsH2Connection connection(fake_->endpoint(), authority_->caPem(), {"h2", "http/1.1"});
  EXPECT_EQ(connection.alpn(), "h2");
  H2TestClient client;
  const auto path = "/v1/projects/demo/messages:send";
  const auto ok = client.request("POST", path, headers(), R"({"message":{"token":"t1","data":{"k":"v"}}})");
  const auto gone = client.request("POST", path, headers(), R"({"message":{"token":"gone"}})");
  const auto bad = client.request("POST", path, headers(), R"({"message":{"token":"t1","data":{"k":1}}})");
  ASSERT_TRUE(connection.exchange(client, [&] {
    return client.responses[ok].closed && client.responses[gone].closed && client.responses[bad].closed;
  }));
  EXPECT_EQ(client.responses[ok].status, 200);
  EXPECT_EQ(nlohmann::json::parse(client.responses[ok].body)["name"].get<std::string>().rfind("projects/demo/messages/", 0),
            0U);
  EXPECT_EQ(client.responses[gone].status, 404);
  EXPECT_EQ(nlohmann::json::parse(client.responses[gone].body)["error"]["details"][0]["errorCode"], "UNREGISTERED");
  EXPECT_EQ(client.responses[bad].status, 400);
  EXPECT_EQ(client.responses[ok].header("content-type").rfind("application/json", 0), 0U);

  const auto pushes = fake_->pushes().all();
  ASSERT_EQ(pushes.size(), 3U);
  EXPECT_TRUE(pushes[0].accepted());
  EXPECT_TRUE(journal_.waitFor(
      [](const journal::Entry& e) {
        return e.component == "fcm" && e.kind == "http.exchange" && e.data["request"]["version"] == "HTTP/2";
      },
      5s));
}

TEST_F(FakeFcmTlsTest, Http11StillServedOnTheSamePort) {
  http1::ClientRequest request;
  request.method = "POST";
  request.url = "https://localhost:" + std::to_string(fake_->endpoint().port) + "/v1/projects/demo/messages:send";
  request.headers = {{"Authorization", "Bearer oauth"}, {"Content-Type", "application/json"}};
  request.body = R"({"message":{"token":"t1"}})";
  request.caPem = authority_->caPem();
  const auto response = http1::send(request);
  EXPECT_EQ(response.status, 200);

  // The OAuth stand-in hands out a token the v1 endpoint accepts.
  http1::ClientRequest token;
  token.method = "POST";
  token.url = "https://localhost:" + std::to_string(fake_->endpoint().port) + "/token";
  token.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  token.body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=x.y.z";
  token.caPem = authority_->caPem();
  const auto issued = http1::send(token);
  EXPECT_EQ(issued.status, 200);
  EXPECT_EQ(nlohmann::json::parse(issued.body)["access_token"], "oauth");
  token.body = "assertion=x";
  EXPECT_EQ(http1::send(token).status, 400);

  // A client offering only http/1.1 gets it, not h2.
  TlsH2Connection http11(fake_->endpoint(), authority_->caPem(), {"http/1.1"});
  EXPECT_EQ(http11.alpn(), "http/1.1");
}

TEST_F(FakeFcmTlsTest, Http2GarbageGetsGoawayAndTheFakeLives) {
  {
    TlsH2Connection connection(fake_->endpoint(), authority_->caPem());
    connection.sendRaw("POST /fcm/send HTTP/1.1\r\nHost: x\r\n\r\n");  // HTTP/1.1 after ALPN h2
    H2TestClient observer;
    ASSERT_TRUE(connection.exchange(observer, [&] { return observer.goawayCode.has_value(); }));
    EXPECT_EQ(observer.goawayCode, static_cast<std::uint32_t>(NGHTTP2_PROTOCOL_ERROR));
  }
  TlsH2Connection connection(fake_->endpoint(), authority_->caPem());
  H2TestClient client;
  const auto id = client.request("POST", "/v1/projects/demo/messages:send", headers(), R"({"message":{"token":"t1"}})");
  ASSERT_TRUE(connection.exchange(client, [&] { return client.responses[id].closed; }));
  EXPECT_EQ(client.responses[id].status, 200);
}

}  // namespace
}  // namespace oxh::push::fcm
