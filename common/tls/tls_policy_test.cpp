#include "common/tls/tls_policy.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "common/error/error.hpp"
#include "common/http1/server.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"

namespace oxh::tls {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

struct Handshake {
  bool ok = false;
  TlsInfo info;
  std::string error;
};

// A bare TLS client handshake (no HTTP), so the test controls versions and ALPN exactly.
Handshake handshake(const net::HostPort& to, const ClientTlsOptions& options) {
  asio::io_context context;
  auto sslContext = makeClientContext(options);
  asio::ssl::stream<asio::ip::tcp::socket> stream(context, *sslContext);
  stream.lowest_layer().connect({asio::ip::make_address(to.host), to.port});
  timeval timeout{10, 0};
  ::setsockopt(stream.lowest_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setClientPeerName(stream.native_handle(), "localhost", options.caPem.has_value());
  Handshake out;
  boost::system::error_code ec;
  stream.handshake(asio::ssl::stream_base::client, ec);
  out.ok = !ec;
  out.error = ec.message();
  if (out.ok) {
    out.info = describeSession(stream.native_handle());
  }
  return out;
}

class TlsPolicyTest : public ::testing::Test {
 protected:
  net::HostPort start(TlsPolicy policy) {
    http1::ServerOptions options;
    options.journal = &journal_;
    options.component = "tls";
    options.tls = std::make_shared<TlsPolicy>(std::move(policy));
    options.authority = authority_;
    servers_.push_back(std::make_unique<http1::Server>(runtime_.context(), options,
                                                       [](const http1::Request&) { return http1::Response{}; }));
    servers_.back()->start();
    return servers_.back()->endpoint();
  }
  static ClientTlsOptions legacyClient() {
    ClientTlsOptions options;
    options.minVersion = "TLSv1";
    options.maxVersion = "TLSv1.1";
    return options;
  }

  journal::Journal journal_;
  std::shared_ptr<CertificateAuthority> authority_ = std::make_shared<CertificateAuthority>();
  net::IoRuntime runtime_{1};
  std::vector<std::unique_ptr<http1::Server>> servers_;
};

TEST_F(TlsPolicyTest, DefaultFloorRefusesTls11) {
  const auto endpoint = start(TlsPolicy{});
  const auto result = handshake(endpoint, legacyClient());
  EXPECT_FALSE(result.ok) << result.info.version;
  auto failed = journal_.waitFor([](const journal::Entry& e) { return e.kind == "connection.tls-failed"; }, 5s);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->component, "tls");
}

TEST_F(TlsPolicyTest, LoweredFloorAcceptsTls11AndIsMarkedWeakened) {
  TlsPolicy policy;
  policy.minVersion = "TLSv1";
  EXPECT_TRUE(policy.weakened());
  EXPECT_FALSE(TlsPolicy{}.weakened());
  const auto endpoint = start(policy);
  const auto result = handshake(endpoint, legacyClient());
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.info.version, "TLSv1.1");
  auto open = journal_.waitFor([](const journal::Entry& e) { return e.kind == "connection.open"; }, 5s);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->data["tls"]["version"], "TLSv1.1");
  EXPECT_FALSE(open->data["tls"]["cipher"].get<std::string>().empty());
}

TEST_F(TlsPolicyTest, MaxVersionCapsTheServer) {
  TlsPolicy policy;
  policy.maxVersion = "TLSv1.2";
  const auto result = handshake(start(policy), ClientTlsOptions{});
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.info.version, "TLSv1.2");
}

TEST_F(TlsPolicyTest, AlpnFollowsServerPreference) {
  TlsPolicy policy;
  policy.alpn = {"h2", "http/1.1"};
  const auto endpoint = start(policy);
  ClientTlsOptions client;
  client.alpn = {"http/1.1", "h2"};
  client.caPem = authority_->caPem();
  auto result = handshake(endpoint, client);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.info.alpn, "h2");
  auto open = journal_.waitFor([](const journal::Entry& e) { return e.kind == "connection.open"; }, 5s);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->data["tls"]["alpn"], "h2");

  client.alpn = {"http/1.1"};
  result = handshake(endpoint, client);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.info.alpn, "http/1.1");

  client.alpn = {"spdy/3"};  // no overlap: lenient server carries on without ALPN
  result = handshake(endpoint, client);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.info.alpn, "");

  policy.alpnStrict = true;  // RFC 7301 §3.2: no_application_protocol
  EXPECT_FALSE(handshake(start(policy), client).ok);
}

TEST_F(TlsPolicyTest, RequiredClientCertificate) {
  TlsPolicy policy;
  policy.clientCerts = TlsPolicy::ClientCertMode::Require;
  const auto endpoint = start(policy);
  ClientTlsOptions client;
  handshake(endpoint, client);
  // In TLS 1.3 the client may finish its side before the server rejects the missing
  // certificate, so the server's journal is where the refusal shows.
  auto refused = journal_.waitFor([](const journal::Entry& e) { return e.kind == "connection.tls-failed"; }, 5s);
  ASSERT_TRUE(refused);
  LeafOptions clientAuth;
  clientAuth.clientAuth = true;
  const auto leaf = authority_->issue({"client.test"}, clientAuth);
  client.certPem = leaf.certPem;
  client.keyPem = leaf.keyPem;
  const auto result = handshake(endpoint, client);
  ASSERT_TRUE(result.ok) << result.error;
  auto open = journal_.waitFor([](const journal::Entry& e) { return e.kind == "connection.open"; }, 5s);
  ASSERT_TRUE(open);
  EXPECT_NE(open->data["tls"]["clientCertificate"].get<std::string>().find("client.test"), std::string::npos);
  EXPECT_EQ(journal_.count([](const journal::Entry& e) { return e.kind == "connection.open"; },
                           {.consume = false, .includeConsumed = true}),
            1U);
}

TEST(TlsVersionTest, Parses) {
  EXPECT_EQ(parseTlsVersion("TLSv1.2"), TLS1_2_VERSION);
  EXPECT_EQ(parseTlsVersion("1.3"), TLS1_3_VERSION);
  EXPECT_EQ(parseTlsVersion("TLSv1"), TLS1_VERSION);
  EXPECT_THROW(parseTlsVersion("SSLv3"), OxhException);
}

}  // namespace
}  // namespace oxh::tls
