// The prober against our own TLS listeners (common/http1 Server under common/tls policies):
// a TLS 1.2 floor is seen as such, a lowered floor is caught, the chain, host name, ALPN and pin
// are reported from the handshake. Cross-checks against openssl s_client, testssl.sh, nginx and
// real Dovecot live in tests/peers/test_tls_prober.py.
#include "common/tls_probe/tls_prober.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "common/http1/server.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::tlsprobe {
namespace {

class ProberTest : public ::testing::Test {
 protected:
  void start(tls::TlsPolicy policy) {
    http1::ServerOptions options;
    options.tls = std::make_shared<tls::TlsPolicy>(std::move(policy));
    options.authority = authority_;
    options.tlsHostNames = {"localhost", "127.0.0.1"};
    server_ = std::make_unique<http1::Server>(runtime_.context(), options,
                                              [](const http1::Request&) { return http1::Response::text(200, "ok"); });
    server_->start();
    caFile_ = std::filesystem::temp_directory_path() / ("oxh-probe-ca-" + std::to_string(::getpid()) + ".pem");
    authority_->writeCaPem(caFile_.string());
  }
  void TearDown() override { std::filesystem::remove(caFile_); }

  ProbeOptions options(const std::string& serverName = "localhost") const {
    ProbeOptions probeOptions;
    probeOptions.target.host = "127.0.0.1";
    probeOptions.target.port = server_->endpoint().port;
    probeOptions.target.serverName = serverName;
    probeOptions.caFile = caFile_.string();
    return probeOptions;
  }

  std::shared_ptr<tls::CertificateAuthority> authority_ = std::make_shared<tls::CertificateAuthority>();
  net::IoRuntime runtime_{1};
  std::unique_ptr<http1::Server> server_;
  std::filesystem::path caFile_;
};

TEST_F(ProberTest, TlsTwelveFloorIsReportedWithDowngradeProtectionAndTrustedChain) {
  start(tls::TlsPolicy{});
  const auto report = probe(options());
  EXPECT_TRUE(report.reachable);
  EXPECT_EQ(report.verdictOf("TLSv1"), "refused");
  EXPECT_EQ(report.verdictOf("TLSv1.1"), "refused");
  EXPECT_EQ(report.verdictOf("TLSv1.2"), "accepted");
  EXPECT_EQ(report.verdictOf("TLSv1.3"), "accepted");
  EXPECT_NE(report.verdictOf("SSLv3"), "accepted");
  EXPECT_EQ(report.fallbackScsv, "protected") << report.fallbackDetail;
  EXPECT_FALSE(report.weakCipherAccepted());
  EXPECT_EQ(report.negotiatedVersion, "TLSv1.3");
  EXPECT_TRUE(report.chainTrusted) << report.chainError;
  EXPECT_TRUE(report.hostMatches);
  ASSERT_FALSE(report.chain.empty());
  EXPECT_EQ(report.chain.front().keyType, "EC");
  EXPECT_EQ(report.chain.front().keyBits, 256);
  EXPECT_FALSE(report.chain.front().expired);
  ASSERT_FALSE(report.pins().empty());
  EXPECT_EQ(report.pins().front().size(), std::string("sha256/").size() + 44);  // base64 of 32 bytes
  const bool tls13Listed = std::any_of(report.ciphers.begin(), report.ciphers.end(),
                                       [](const AcceptedCipher& c) { return c.cipher.name == "TLS_AES_256_GCM_SHA384"; });
  EXPECT_TRUE(tls13Listed);
}

TEST_F(ProberTest, LoweredFloorIsCaughtAndWrongHostAndUntrustedChainAreReported) {
  tls::TlsPolicy weak;
  weak.minVersion = "TLSv1";
  weak.ciphers = "ALL:@SECLEVEL=0";
  start(weak);
  auto probeOptions = options("wrong.example");
  probeOptions.caFile.clear();  // the system store does not know the harness CA
  const auto report = probe(probeOptions);
  EXPECT_EQ(report.verdictOf("TLSv1"), "accepted");
  EXPECT_EQ(report.verdictOf("TLSv1.1"), "accepted");
  EXPECT_FALSE(report.hostMatches);
  EXPECT_FALSE(report.chainTrusted);
  EXPECT_FALSE(report.chainError.empty());
  const auto json = report.toJson();
  EXPECT_EQ(json["accepted"].front(), "TLSv1");
}

TEST_F(ProberTest, AlpnIsReportedAndAClosedPortIsUnreachable) {
  tls::TlsPolicy h2;
  h2.alpn = {"h2"};
  start(h2);
  auto probeOptions = options();
  probeOptions.enumerateCiphers = false;
  EXPECT_EQ(probe(probeOptions).alpn, "h2");

  // A port held bound but not listening refuses connections, and no other test running in
  // parallel can take it over (stopping the server and reusing its port raced with both).
  const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(holder, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(holder, reinterpret_cast<sockaddr*>(&address), &length), 0);
  probeOptions.target.port = ntohs(address.sin_port);
  probeOptions.versions = {TLS1_2_VERSION};
  const auto closed = probe(probeOptions);
  EXPECT_FALSE(closed.reachable);
  EXPECT_EQ(closed.verdictOf("TLSv1.2"), "unreachable");
  EXPECT_NE(closed.unreachable.find("connect"), std::string::npos) << closed.unreachable;
  ::close(holder);
}

TEST(CipherCatalogTest, GradesWeakCiphersAndForwardSecrecy) {
  EXPECT_FALSE(describeCipher("ECDHE-RSA-AES128-GCM-SHA256").weak);
  EXPECT_TRUE(describeCipher("ECDHE-RSA-AES128-GCM-SHA256").forwardSecrecy);
  EXPECT_FALSE(describeCipher("AES128-GCM-SHA256").forwardSecrecy);  // RSA key exchange
  EXPECT_TRUE(describeCipher("TLS_AES_128_GCM_SHA256").forwardSecrecy);
  EXPECT_TRUE(describeCipher("DES-CBC3-SHA").weak || describeCipher("DES-CBC3-SHA").why == "unknown to this OpenSSL");
  EXPECT_TRUE(describeCipher("no-such-cipher").weak);
  EXPECT_EQ(normalizePin("sha256/abc="), "abc=");
}

}  // namespace
}  // namespace oxh::tlsprobe
