#pragma once
// Test support: a blocking TLS client connection (ALPN h2 by default) that carries an
// H2TestClient's bytes to a fake (FakeApns, FakeFcm). Header-only, tests only.
// Thread: one test thread.
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <string>
#include <vector>

#include "common/net/endpoint.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_apns_fcm/apns/h2_test_client.hpp"

namespace oxh::push::apns::testing {

namespace asio = boost::asio;

// A blocking TLS connection (ALPN h2) carrying an H2TestClient's bytes.
class TlsH2Connection {
 public:
  TlsH2Connection(const net::HostPort& to, const std::string& caPem, std::vector<std::string> alpn = {"h2"}) {
    tls::ClientTlsOptions options;
    options.alpn = std::move(alpn);
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
  bool exchange(H2TestClient& client, Done done) {
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

}  // namespace oxh::push::apns::testing
