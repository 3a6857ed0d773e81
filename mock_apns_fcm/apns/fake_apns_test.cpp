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

namespace oxh::push::apns {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

const std::string kToken(64, 'a');

// A blocking TLS connection (ALPN h2) carrying an H2TestClient's bytes.
class TlsH2Connection {
 public:
  TlsH2Connection(const net::HostPort& to, const std::string& caPem) {
    tls::ClientTlsOptions options;
    options.alpn = {"h2"};
    options.caPem = caPem;
    context_ = tls::makeClientContext(options);
    stream_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket>>(io_, *context_);
    stream_->next_layer().connect({asio::ip::make_address(to.host), to.port});
    timeval timeout{10, 0};
    ::setsockopt(stream_->next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    tls::setClientPeerName(stream_->native_handle(), "localhost", true);
    stream_->handshake(asio::ssl::stream_base::client);
    alpn_ = tls::describeSession(stream_->native_handle()).alpn;
  }
  void sendRaw(const std::string& bytes) { asio::write(*stream_, asio::buffer(bytes)); }
  // Sends what the client queued, then reads until `done` holds or the peer closes.
  template <class Done>
  bool exchange(testing::H2TestClient& client, Done done) {
    for (int round = 0; round < 200; ++round) {
      const auto out = client.drain();
      if (!out.empty()) {
        // The fake may already have sent GOAWAY and closed (that is what some tests provoke):
        // a failed write is not a failure; what was read decides.
        boost::system::error_code ignored;
        asio::write(*stream_, asio::buffer(out), ignored);
      }
      if (done()) {
        return true;
      }
      char buffer[16384];
      boost::system::error_code ec;
      const auto n = stream_->read_some(asio::buffer(buffer), ec);
      client.feed(std::string(buffer, n));
      if (ec) {
        return done();
      }
    }
    return done();
  }
  const std::string& alpn() const { return alpn_; }

 private:
  asio::io_context io_;
  std::shared_ptr<asio::ssl::context> context_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>> stream_;
  std::string alpn_;
};

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
  TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
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

  TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
  testing::H2TestClient client;
  const auto first = client.request("POST", "/3/device/" + kToken, headers(), "{}");
  ASSERT_TRUE(connection.exchange(client, [&] { return client.responses[first].closed; }));
  EXPECT_EQ(client.responses[first].status, 410);
  EXPECT_EQ(client.responses[first].body, R"({"reason":"Unregistered","timestamp":1700000000123})");
  const auto second = client.request("POST", "/3/device/" + kToken, headers(), "{}");
  ASSERT_TRUE(connection.exchange(client, [&] { return client.goawayCode.has_value(); }));
  EXPECT_EQ(client.goawayData, R"({"reason":"Shutdown"})");
  EXPECT_LT(client.goawayLastStream, second);

  TlsH2Connection again(fake_->endpoint(), fake_->caPem());
  testing::H2TestClient next;
  const auto third = next.request("POST", "/3/device/" + kToken, headers(), "{}");
  ASSERT_TRUE(again.exchange(next, [&] { return next.responses[third].closed; }));
  EXPECT_EQ(next.responses[third].status, 200);
}

TEST_F(FakeApnsTest, GarbageGetsGoawayAndTheFakeKeepsServing) {
  {
    TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
    testing::H2TestClient observer;
    connection.sendRaw("POST /3/device/aa HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(connection.exchange(observer, [&] { return observer.goawayCode.has_value(); }));
    EXPECT_EQ(observer.goawayCode, static_cast<std::uint32_t>(NGHTTP2_PROTOCOL_ERROR));
  }
  {
    TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
    testing::H2TestClient client;
    client.drain();  // the preface goes out first, then a HEADERS frame with a bad HPACK index
    connection.sendRaw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + std::string("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9) +
                       std::string("\x00\x00\x01\x01\x05\x00\x00\x00\x01\xfe", 10));
    testing::H2TestClient observer;
    ASSERT_TRUE(connection.exchange(observer, [&] { return observer.goawayCode.has_value(); }));
    EXPECT_EQ(observer.goawayCode, static_cast<std::uint32_t>(NGHTTP2_COMPRESSION_ERROR));
  }
  TlsH2Connection connection(fake_->endpoint(), fake_->caPem());
  testing::H2TestClient client;
  const auto id = client.request("POST", "/3/device/" + kToken, headers(), "{}");
  ASSERT_TRUE(connection.exchange(client, [&] { return client.responses[id].closed; }));
  EXPECT_EQ(client.responses[id].status, 200);
}

}  // namespace
}  // namespace oxh::push::apns
