#include "common/http1/client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>

#include "common/error/error.hpp"
#include "common/http1/server.hpp"
#include "common/http1/url.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::http1 {
namespace {

using namespace std::chrono_literals;

ClientRequest requestFor(std::string url, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  ClientRequest request;
  request.url = std::move(url);
  request.timeout = timeout;
  return request;
}

std::string errorId(const ClientRequest& request) {
  try {
    send(request);
  } catch (const OxhException& error) {
    return error.error().id();
  }
  return "no error";
}

Response describe(const Request& request) {
  nlohmann::json body{
      {"method", request.method}, {"target", request.target}, {"body", request.body}, {"tls", request.tlsVersion}};
  auto headers = nlohmann::json::array();
  for (const auto& [name, value] : request.headers) {
    headers.push_back(name);
  }
  body["headers"] = headers;
  auto response = Response::json(201, body);
  response.reason = "Made It";
  response.headers.insert(response.headers.begin(), {"X-First", "1"});
  return response;
}

class ClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<Server> startServer(bool secure, std::vector<std::string> names = {"localhost", "127.0.0.1"}) {
    ServerOptions options;
    options.tlsHostNames = std::move(names);
    if (secure) {
      options.tls = std::make_shared<tls::TlsPolicy>();
      options.authority = authority_;
    }
    auto server = std::make_unique<Server>(runtime_.context(), options, describe);
    server->start();
    return server;
  }

  std::shared_ptr<tls::CertificateAuthority> authority_ = std::make_shared<tls::CertificateAuthority>();
  net::IoRuntime runtime_{1};
};

TEST_F(ClientTest, PlainHttpSendsHeadersInOrderAndReadsResponse) {
  auto server = startServer(false);
  ClientRequest request;
  request.method = "PUT";
  request.url = "http://" + server->endpoint().str() + "/path?q=1";
  request.headers = {{"X-B", "b"}, {"x-a", "a"}, {"x-b", "again"}};
  request.body = "payload";
  const auto response = send(request);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.reason, "Made It");
  ASSERT_GE(response.headers.size(), 3U);
  EXPECT_EQ(response.headers[0].first, "X-First");
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_TRUE(response.tlsVersion.empty());
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["target"], "/path?q=1");
  EXPECT_EQ(body["body"], "payload");
  EXPECT_EQ(body["headers"], nlohmann::json::array({"Host", "X-B", "x-a", "x-b", "Content-Length"}));
}

TEST_F(ClientTest, HttpsVerifiesAgainstTheCa) {
  auto server = startServer(true);
  ClientRequest request;
  request.url = "https://localhost:" + std::to_string(server->endpoint().port) + "/secure";
  request.caPem = authority_->caPem();
  const auto response = send(request);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.tlsVersion, "TLSv1.3");
  EXPECT_EQ(nlohmann::json::parse(response.body)["tls"], "TLSv1.3");

  request.url = "https://127.0.0.1:" + std::to_string(server->endpoint().port) + "/by-ip";
  EXPECT_EQ(send(request).status, 201);  // IP SAN
}

TEST_F(ClientTest, HttpsWithTheWrongCaFailsWithTlsError) {
  auto server = startServer(true);
  tls::CertificateAuthority other;
  ClientRequest request;
  request.url = "https://localhost:" + std::to_string(server->endpoint().port) + "/";
  request.caPem = other.caPem();
  EXPECT_EQ(errorId(request), "oxh.http.tls");
  request.caPem.reset();  // no verification: succeeds
  EXPECT_EQ(send(request).status, 201);
}

TEST_F(ClientTest, HttpsHostNameMismatchFails) {
  auto server = startServer(true, {"other.example"});
  ClientRequest request;
  request.url = "https://localhost:" + std::to_string(server->endpoint().port) + "/";
  request.caPem = authority_->caPem();
  EXPECT_EQ(errorId(request), "oxh.http.tls");
  request.url = "https://127.0.0.1:" + std::to_string(server->endpoint().port) + "/";
  EXPECT_EQ(errorId(request), "oxh.http.tls");
}

TEST_F(ClientTest, ConnectRefused) {
  boost::asio::io_context context;
  boost::asio::ip::tcp::acceptor probe(context, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto port = probe.local_endpoint().port();
  probe.close();  // nothing listens there now
  EXPECT_EQ(errorId(requestFor("http://127.0.0.1:" + std::to_string(port) + "/")), "oxh.http.connect");
}

TEST_F(ClientTest, ServerThatNeverAnswersTimesOut) {
  boost::asio::io_context context;
  boost::asio::ip::tcp::acceptor acceptor(context, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  // The kernel completes the handshake from the backlog; nobody ever reads or answers.
  EXPECT_EQ(errorId(requestFor("http://127.0.0.1:" + std::to_string(port) + "/", 300ms)), "oxh.http.timeout");
  EXPECT_EQ(errorId(requestFor("https://127.0.0.1:" + std::to_string(port) + "/", 300ms)), "oxh.http.timeout");
}

TEST_F(ClientTest, BadUrl) {
  EXPECT_EQ(errorId(requestFor("ftp://x/")), "oxh.http.bad-url");
  EXPECT_EQ(errorId(requestFor("http://")), "oxh.http.bad-url");
  EXPECT_EQ(errorId(requestFor("no scheme")), "oxh.http.bad-url");
}

TEST(UrlTest, Parses) {
  auto url = Url::parse("https://[::1]:8443/a?b=c");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->target, "/a?b=c");
  EXPECT_EQ(url->hostHeader(), "[::1]:8443");
  url = Url::parse("HTTP://example.com?x");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->port, 80);
  EXPECT_EQ(url->target, "/?x");
  EXPECT_EQ(url->hostHeader(), "example.com");
  EXPECT_FALSE(Url::parse("http://user@host/"));
  EXPECT_FALSE(Url::parse("http://host:99999/"));
}

}  // namespace
}  // namespace oxh::http1
