#include "common/http1/server.hpp"

#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "common/http1/client.hpp"
#include "common/net/io_runtime.hpp"
#include "common/net/raw_connection_test_support.hpp"

namespace oxh::http1 {
namespace {

using namespace std::chrono_literals;

ClientRequest requestFor(std::string url, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  ClientRequest request;
  request.url = std::move(url);
  request.timeout = timeout;
  return request;
}

using net::testing::RawConnection;

journal::Matcher kindIs(const std::string& kind) {
  return [kind](const journal::Entry& entry) { return entry.kind == kind; };
}

class ServerTest : public ::testing::Test {
 protected:
  void start(Handler handler, std::size_t bodyLimit = 8 * 1024 * 1024) {
    ServerOptions options;
    options.component = "web";
    options.journal = &journal_;
    options.bodyLimit = bodyLimit;
    server_ = std::make_unique<Server>(runtime_.context(), options, std::move(handler));
    server_->start();
  }
  static Response echo(const Request& request) {
    auto response = Response::text(200, request.method + " " + request.target + " " + request.body);
    response.headers.emplace_back("X-Conn", request.connectionId);
    return response;
  }
  std::string url(const std::string& path) const { return "http://" + server_->endpoint().str() + path; }

  journal::Journal journal_;  // outlives the runtime's threads
  net::IoRuntime runtime_{2};
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, JournalsExchangesWithHeadersInWireOrderAndSpelling) {
  start([](const Request& request) {
    Response response;
    response.status = 200;
    response.headers = {{"x-Lower", "1"}, {"X-UPPER", "2"}, {"x-lower", "3"}};
    response.body = "ok " + request.header("content-type").value_or("?");
    return response;
  });
  RawConnection connection(server_->endpoint());
  connection.send(
      "PUT /preliminary/http-notify/v1/notify?x=1 HTTP/1.1\r\n"
      "host: example\r\nX-zeta: z\r\nauthorization: Basic Zm9vOmJhcg==\r\nCONTENT-type: application/json\r\n"
      "X-Alpha: a\r\nX-zeta: second\r\nContent-Length: 9\r\n\r\n{\"a\":42}\n");
  const auto raw = connection.readUntil("ok application/json");
  EXPECT_NE(raw.find("HTTP/1.1 200 OK\r\nx-Lower: 1\r\nX-UPPER: 2\r\nx-lower: 3\r\nContent-Length: 19\r\n\r\n"),
            std::string::npos)
      << raw;
  EXPECT_EQ(raw.find("Server:"), std::string::npos);

  auto entry = journal_.waitFor(kindIs("http.exchange"), 5s);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->component, "web");
  EXPECT_EQ(entry->summary, "PUT /preliminary/http-notify/v1/notify?x=1 -> 200");
  const auto& request = entry->data["request"];
  const nlohmann::json expected = nlohmann::json::array({{"host", "example"},
                                                         {"X-zeta", "z"},
                                                         {"authorization", "Basic Zm9vOmJhcg=="},
                                                         {"CONTENT-type", "application/json"},
                                                         {"X-Alpha", "a"},
                                                         {"X-zeta", "second"},
                                                         {"Content-Length", "9"}});
  EXPECT_EQ(request["headers"], expected);
  EXPECT_EQ(request["method"], "PUT");
  EXPECT_EQ(request["path"], "/preliminary/http-notify/v1/notify");
  EXPECT_EQ(request["query"], "x=1");
  EXPECT_EQ(request["json"]["a"], 42);
  EXPECT_EQ(entry->data["response"]["status"], 200);
  EXPECT_EQ(entry->data["response"]["reason"], "OK");
  EXPECT_EQ(entry->data["response"]["headers"].back(), nlohmann::json::array({"Content-Length", "19"}));

  auto open = journal_.waitFor(kindIs("connection.open"), 0s);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->connection, entry->connection);
  EXPECT_EQ(open->data["secure"], false);
}

TEST_F(ServerTest, GarbageGets400AndCloseThenServerStillAnswers) {
  start(echo);
  {
    RawConnection connection(server_->endpoint());
    connection.send("\x01\x02 this is not http\r\n\r\n");
    const auto raw = connection.readUntilClose();
    EXPECT_EQ(raw.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0U) << raw;
    EXPECT_NE(raw.find("Connection: close"), std::string::npos);
  }
  EXPECT_TRUE(journal_.waitFor(kindIs("http.malformed"), 5s));
  EXPECT_TRUE(journal_.waitFor(kindIs("connection.close"), 5s));
  const auto response = send(requestFor(url("/after")));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "GET /after ");
}

TEST_F(ServerTest, OversizedBodyGets413) {
  start(echo, 16);
  RawConnection connection(server_->endpoint());
  connection.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'b'));
  const auto raw = connection.readUntilClose();
  EXPECT_EQ(raw.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0), 0U) << raw;
  auto entry = journal_.waitFor(kindIs("http.exchange"), 5s);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->data["response"]["status"], 413);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrderOnOneConnection) {
  start(echo);
  RawConnection connection(server_->endpoint());
  connection.send(
      "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
      "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const auto raw = connection.readUntilClose();
  connection.close();
  const auto one = raw.find("GET /one ");
  const auto two = raw.find("POST /two abc");
  const auto three = raw.find("GET /three ");
  ASSERT_NE(one, std::string::npos) << raw;
  ASSERT_NE(two, std::string::npos) << raw;
  ASSERT_NE(three, std::string::npos) << raw;
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
  EXPECT_EQ(journal_.waitForCount(kindIs("http.exchange"), 3, 5s), 3U);
  auto close = journal_.waitFor(kindIs("connection.close"), 5s);
  ASSERT_TRUE(close);
  EXPECT_EQ(close->data["requests"], 3);
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  start(echo);
  RawConnection connection(server_->endpoint());
  connection.send("PUT /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(connection.readUntil("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  connection.send("hi");
  EXPECT_NE(connection.readUntil("PUT /c hi").find("PUT /c hi"), std::string::npos);
}

TEST_F(ServerTest, HandlerExceptionBecomes500) {
  start([](const Request&) -> Response { throw std::runtime_error("boom"); });
  const auto response = send(requestFor(url("/x")));
  EXPECT_EQ(response.status, 500);
  EXPECT_NE(response.body.find("boom"), std::string::npos);
}

TEST_F(ServerTest, StopClosesOpenConnectionsAndRejectsNewOnes) {
  start(echo);
  RawConnection idle(server_->endpoint());
  idle.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
  idle.readUntil("GET /a ");
  const auto endpoint = server_->endpoint();
  server_->stop();
  idle.readUntilClose();  // returns because the server closed the kept-alive connection
  EXPECT_TRUE(journal_.waitFor(kindIs("connection.close"), 5s));
  EXPECT_THROW(send(requestFor("http://" + endpoint.str() + "/", 2000ms)), OxhException);
}

TEST(RouterTest, ExactPrefix404And405) {
  Router router;
  router.add("GET", "/a", [](const Request&) { return Response::text(200, "exact"); });
  router.add("POST", "/a", [](const Request&) { return Response::text(201, "post"); });
  router.add("GET", "/p/*", [](const Request&) { return Response::text(200, "prefix"); });
  router.add("GET", "/p/exact", [](const Request&) { return Response::text(200, "exact wins"); });
  const auto call = [&](std::string method, std::string target) {
    Request request;
    request.method = std::move(method);
    request.target = std::move(target);
    return router.route(request);
  };
  EXPECT_EQ(call("GET", "/a?q=1").body, "exact");
  EXPECT_EQ(call("POST", "/a").status, 201);
  EXPECT_EQ(call("GET", "/p/x/y").body, "prefix");
  EXPECT_EQ(call("GET", "/p/exact").body, "exact wins");
  const auto missing = call("GET", "/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body), nlohmann::json({{"error", "not found"}}));
  const auto wrong = call("DELETE", "/a");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "GET, POST");
}

}  // namespace
}  // namespace oxh::http1
