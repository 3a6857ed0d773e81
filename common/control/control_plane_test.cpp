#include "common/control/control_plane.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "common/error/error.hpp"
#include "common/http1/client.hpp"
#include "common/net/raw_connection_test_support.hpp"

namespace oxh::control {
namespace {

using namespace std::chrono_literals;

journal::Entry entry(std::string kind, std::string component = "fake") {
  journal::Entry out;
  out.component = std::move(component);
  out.kind = std::move(kind);
  out.summary = out.kind;
  return out;
}

class ControlPlaneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    plane_ = std::make_unique<ControlPlane>(ControlPlaneOptions{{"127.0.0.1", 0}, "fake-test", &journal_});
    plane_->onReset([this] { ++resets_; });
    plane_->onState([] { return nlohmann::json{{"users", 3}}; });
    plane_->registerAction("inject", "POST", [](const http1::Request& request) {
      return http1::Response::json(202, {{"got", request.body}});
    });
    plane_->start();
  }

  http1::ClientResponse call(const std::string& method, const std::string& action,
                             std::optional<std::string> body = std::nullopt) {
    http1::ClientRequest request;
    request.method = method;
    request.url = plane_->baseUrl() + action;
    request.body = std::move(body);
    return http1::send(request);
  }
  static nlohmann::json json(const http1::ClientResponse& response) { return nlohmann::json::parse(response.body); }

  journal::Journal journal_;
  std::atomic<int> resets_{0};
  std::unique_ptr<ControlPlane> plane_;
};

TEST_F(ControlPlaneTest, ReadyAndState) {
  auto response = call("GET", "ready");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json(response), (nlohmann::json{{"ready", true}, {"component", "fake-test"}}));
  response = call("GET", "state");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json(response), (nlohmann::json{{"users", 3}, {"component", "fake-test"}}));
  EXPECT_EQ(call("POST", "ready").status, 405);
  EXPECT_EQ(call("GET", "nope").status, 404);
}

TEST_F(ControlPlaneTest, RegisteredActionIsServed) {
  const auto response = call("POST", "inject", "mail");
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(json(response)["got"], "mail");
  EXPECT_THROW(plane_->registerAction("late", "GET", {}), OxhException);
}

TEST_F(ControlPlaneTest, ResetCallsBackAndClearsTheJournal) {
  journal_.append(entry("a"));
  ASSERT_EQ(journal_.lastSeq(), 1U);
  const auto response = call("POST", "reset");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(resets_.load(), 1);
  EXPECT_EQ(journal_.lastSeq(), 0U);
  EXPECT_TRUE(journal_.snapshot().empty());
}

TEST_F(ControlPlaneTest, JournalFiltersAndReportsLast) {
  journal_.append(entry("http.exchange"));
  journal_.append(entry("connection.open", "other"));
  journal_.append(entry("http.exchange", "other"));
  auto body = json(call("GET", "journal"));
  EXPECT_EQ(body["entries"].size(), 3U);
  EXPECT_EQ(body["last"], 3);
  body = json(call("GET", "journal?after=1&component=other&kind=http.exchange"));
  ASSERT_EQ(body["entries"].size(), 1U);
  EXPECT_EQ(body["entries"][0]["seq"], 3);
  EXPECT_EQ(body["last"], 3);
  EXPECT_EQ(call("GET", "journal?after=x").status, 400);
}

TEST_F(ControlPlaneTest, LongPollReturnsEarlyWhenAnEntryIsAppended) {
  journal_.append(entry("old"));
  net::testing::RawConnection poll(plane_->endpoint());
  const auto started = std::chrono::steady_clock::now();
  poll.send("GET /_oxh/control/journal?after=1&wait=20000&kind=new HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  // Appended from this thread while the poll waits on a control thread; the first entry does
  // not match the filter, so the poll must keep waiting for the second.
  journal_.append(entry("noise"));
  journal_.append(entry("new"));
  const auto raw = poll.readUntilClose();
  const auto took = std::chrono::steady_clock::now() - started;
  const auto bodyAt = raw.find("\r\n\r\n");
  ASSERT_NE(bodyAt, std::string::npos) << raw;
  const auto body = nlohmann::json::parse(raw.substr(bodyAt + 4));
  ASSERT_EQ(body["entries"].size(), 1U) << body;
  EXPECT_EQ(body["entries"][0]["kind"], "new");
  EXPECT_EQ(body["last"], 3);
  EXPECT_LT(took, 10s);  // far below wait=20000
}

TEST_F(ControlPlaneTest, LongPollTimesOutEmpty) {
  const auto body = json(call("GET", "journal?after=0&wait=50"));
  EXPECT_TRUE(body["entries"].empty());
  EXPECT_EQ(body["last"], 0);
}

TEST(ControlPlaneLoopbackTest, RefusesNonLoopbackAddresses) {
  journal::Journal journal;
  try {
    ControlPlane plane(ControlPlaneOptions{{"0.0.0.0", 0}, "x", &journal});
    FAIL() << "bound to 0.0.0.0";
  } catch (const OxhException& error) {
    EXPECT_EQ(error.error().id(), "oxh.control.not-loopback");
  }
  EXPECT_THROW(ControlPlane(ControlPlaneOptions{{"192.0.2.1", 0}, "x", &journal}), OxhException);
  EXPECT_NO_THROW(ControlPlane(ControlPlaneOptions{{"::1", 0}, "x", &journal}));
  EXPECT_NO_THROW(ControlPlane(ControlPlaneOptions{{"localhost", 0}, "x", &journal}));
}

}  // namespace
}  // namespace oxh::control
