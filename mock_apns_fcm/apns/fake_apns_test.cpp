#include "mock_apns_fcm/apns/fake_apns.hpp"

#include <gtest/gtest.h>
#include <nghttp2/nghttp2.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_apns_fcm/apns/apns_connection.hpp"
#include "mock_apns_fcm/apns/apns_test_keys.hpp"
#include "mock_apns_fcm/apns/h2_test_client.hpp"
#include "mock_apns_fcm/apns/h2_tls_test_connection.hpp"

namespace oxh::push::apns {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

const std::string kToken(64, 'a');

class FakeApnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeApnsOptions options;
    options.journal = &journal_;
    fake_ = std::make_unique<FakeApns>(runtime_.context(), options);
    fake_->addKey({"TEAM123456", "ABC123DEFG", key_.publicPem, {"com.x"}, std::nullopt});
    fake_->addDevice(kToken, "com.x");
    fake_->start();
  }
  std::vector<std::pair<std::string, std::string>> headers() {
    return {{"apns-topic", "com.x"}, {"authorization", "bearer " + jwt_}};
  }

  journal::Journal journal_;
  testing::TestKey key_ = testing::makeP256Key();
  std::string jwt_ = testing::providerToken(key_, "TEAM123456", "ABC123DEFG", std::chrono::system_clock::now());
  net::IoRuntime runtime_{2};
  std::unique_ptr<FakeApns> fake_;
};

TEST_F(FakeApnsTest, AcceptsATokenAuthenticatedPushOverTlsAndLiftsTheStreamLimit) {
  testing::TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
  EXPECT_EQ(connection.alpn(), "h2");
  testing::H2TestClient client;
  const auto id = client.request("POST", "/3/device/" + kToken, headers(), R"({"aps":{"badge":1}})");
  ASSERT_TRUE(connection.exchange(client, [&] { return client.responses[id].closed; }));
  EXPECT_EQ(client.responses[id].status, 200);
  EXPECT_EQ(client.responses[id].header("apns-id").size(), 36u);
  ASSERT_TRUE(connection.exchange(
      client, [&] { return client.serverSettings[NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS] == kAuthenticatedMaxStreams; }));

  const auto pushes = fake_->pushes().all();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_TRUE(pushes[0].accepted());
  EXPECT_EQ(pushes[0].auth, "jwt team=TEAM123456 kid=ABC123DEFG");
  EXPECT_EQ(pushes[0].request["json"]["aps"]["badge"], 1);
  EXPECT_TRUE(journal_.waitFor([](const journal::Entry& e) { return e.component == "apns" && e.kind == "push"; }, 5s));
}

TEST_F(FakeApnsTest, ArmedFaultsAnswerOnceThenValidationResumes) {
  const auto since = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'123));
  FaultOverride unregistered;
  unregistered.token = kToken;
  unregistered.status = 410;
  unregistered.reason = "Unregistered";
  unregistered.timestamp = since;
  fake_->arm(unregistered);
  FaultOverride goaway;
  goaway.action = FaultOverride::Action::Goaway;
  goaway.token = kToken;
  fake_->arm(goaway);

  testing::TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
  testing::H2TestClient client;
  const auto first = client.request("POST", "/3/device/" + kToken, headers(), "{}");
  ASSERT_TRUE(connection.exchange(client, [&] { return client.responses[first].closed; }));
  EXPECT_EQ(client.responses[first].status, 410);
  EXPECT_EQ(client.responses[first].body, R"({"reason":"Unregistered","timestamp":1700000000123})");
  const auto second = client.request("POST", "/3/device/" + kToken, headers(), "{}");
  ASSERT_TRUE(connection.exchange(client, [&] { return client.goawayCode.has_value(); }));
  EXPECT_EQ(client.goawayData, R"({"reason":"Shutdown"})");
  EXPECT_LT(client.goawayLastStream, second);

  testing::TlsH2Connection again(fake_->endpoint(), fake_->caPem());
  testing::H2TestClient next;
  const auto third = next.request("POST", "/3/device/" + kToken, headers(), "{}");
  ASSERT_TRUE(again.exchange(next, [&] { return next.responses[third].closed; }));
  EXPECT_EQ(next.responses[third].status, 200);
}

TEST_F(FakeApnsTest, GarbageGetsGoawayAndTheFakeKeepsServing) {
  {
    testing::TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
    testing::H2TestClient observer;
    connection.sendRaw("POST /3/device/aa HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(connection.exchange(observer, [&] { return observer.goawayCode.has_value(); }));
    EXPECT_EQ(observer.goawayCode, static_cast<std::uint32_t>(NGHTTP2_PROTOCOL_ERROR));
  }
  {
    testing::TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
    testing::H2TestClient client;
    client.drain();  // the preface goes out first, then a HEADERS frame with a bad HPACK index
    connection.sendRaw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + std::string("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9) +
                       std::string("\x00\x00\x01\x01\x05\x00\x00\x00\x01\xfe", 10));
    testing::H2TestClient observer;
    ASSERT_TRUE(connection.exchange(observer, [&] { return observer.goawayCode.has_value(); }));
    EXPECT_EQ(observer.goawayCode, static_cast<std::uint32_t>(NGHTTP2_COMPRESSION_ERROR));
  }
  testing::TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
  testing::H2TestClient client;
  const auto id = client.request("POST", "/3/device/" + kToken, headers(), "{}");
  ASSERT_TRUE(connection.exchange(client, [&] { return client.responses[id].closed; }));
  EXPECT_EQ(client.responses[id].status, 200);
}

}  // namespace
}  // namespace oxh::push::apns
