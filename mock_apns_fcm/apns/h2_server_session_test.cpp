#include "mock_apns_fcm/apns/h2_server_session.hpp"

#include <gtest/gtest.h>
#include <nghttp2/nghttp2.h>

#include "mock_apns_fcm/apns/h2_test_client.hpp"

namespace oxh::push::apns {
namespace {

using testing::H2TestClient;

class H2ServerSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    H2SessionOptions options;
    options.maxConcurrentStreams = 7;
    options.maxHeaderBytes = 2048;
    server_ = std::make_unique<H2ServerSession>(options, [this](ApnsRequest request) {
      requests_.push_back(request);
      if (answer_) {
        H2Response response;
        response.status = 200;
        response.headers = {{"apns-id", "x"}};
        response.body = request.body.empty() ? "" : "echo:" + request.body;
        server_->respond(request.streamId, response);
      }
    });
    server_->start();
  }

  // Moves bytes both ways until neither side has anything to send.
  void pump() {
    for (int round = 0; round < 50; ++round) {
      const auto up = client_.drain();
      if (!up.empty()) {
        server_->receive(up);
      }
      const auto down = server_->drain();
      if (!down.empty()) {
        client_.feed(down);
      }
      if (up.empty() && down.empty()) {
        return;
      }
    }
  }

  H2TestClient client_;
  std::unique_ptr<H2ServerSession> server_;
  std::vector<ApnsRequest> requests_;
  bool answer_ = true;
};

TEST_F(H2ServerSessionTest, DeliversRequestsAndSendsResponsesWithAndWithoutBody) {
  const auto withBody = client_.request("POST", "/3/device/ab", {{"apns-topic", "com.x"}}, "{\"aps\":{}}");
  const auto empty = client_.request("POST", "/3/device/cd", {{"apns-topic", "com.y"}}, "");
  pump();
  ASSERT_EQ(requests_.size(), 2u);
  // The bodiless request ends with its HEADERS frame, so it may arrive first.
  if (requests_[0].streamId != withBody) {
    std::swap(requests_[0], requests_[1]);
  }
  EXPECT_EQ(requests_[0].method, "POST");
  EXPECT_EQ(requests_[0].path, "/3/device/ab");
  EXPECT_EQ(requests_[0].authority, "localhost");
  EXPECT_EQ(requests_[0].header("apns-topic"), "com.x");
  EXPECT_EQ(requests_[0].body, "{\"aps\":{}}");
  EXPECT_EQ(requests_[0].bodySize, 10u);
  EXPECT_EQ(client_.responses[withBody].status, 200);
  EXPECT_EQ(client_.responses[withBody].body, "echo:{\"aps\":{}}");
  EXPECT_EQ(client_.responses[empty].body, "");
  EXPECT_EQ(client_.responses[empty].header("apns-id"), "x");
  EXPECT_EQ(client_.serverSettings[NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS], 7u);
  EXPECT_TRUE(server_->alive());
}

TEST_F(H2ServerSessionTest, StrictByDefaultLenientOnRequest) {
  // firebase-admin 13.10.0 sends ":scheme: https:"; nghttp2's checks reset such a stream.
  const auto odd = client_.request("POST", "/v1/x", {}, "{}", "localhost", "https:");
  pump();
  EXPECT_TRUE(requests_.empty());
  EXPECT_EQ(client_.responses[odd].resetCode, static_cast<std::uint32_t>(NGHTTP2_PROTOCOL_ERROR));
  EXPECT_NE(server_->lastProtocolError().find(":scheme"), std::string::npos);

  H2SessionOptions options;
  options.lenientHttpMessaging = true;
  std::vector<ApnsRequest> seen;
  H2ServerSession lenient(options, [&](ApnsRequest request) { seen.push_back(request); });
  lenient.start();
  H2TestClient client;
  client.request("POST", "/v1/x", {}, "{}", "localhost", "https:");
  client.request("POST", "", {}, "{}");  // no :path at all: still refused
  for (int round = 0; round < 20; ++round) {
    lenient.receive(client.drain());
    client.feed(lenient.drain());
  }
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].scheme, "https:");
  EXPECT_EQ(client.responses[3].resetCode, static_cast<std::uint32_t>(NGHTTP2_PROTOCOL_ERROR));
}

TEST_F(H2ServerSessionTest, MarksDuplicateHeadersAndKeepsBodiesBounded) {
  const std::string big(9000, 'x');
  client_.request("POST", "/3/device/ab", {{"apns-topic", "a"}, {"apns-topic", "b"}}, big);
  pump();
  ASSERT_EQ(requests_.size(), 1u);
  EXPECT_EQ(requests_[0].duplicateHeader, "apns-topic");
  EXPECT_EQ(requests_[0].bodySize, 9000u);
  EXPECT_EQ(requests_[0].body.size(), 5122u);  // the default limit (5121) + 1
}

TEST_F(H2ServerSessionTest, FlagsOversizedHeaderBlocks) {
  client_.request("POST", "/3/device/ab", {{"x-big", std::string(4000, 'h')}}, "{}");
  pump();
  ASSERT_EQ(requests_.size(), 1u);
  EXPECT_TRUE(requests_[0].headersTooLarge);
}

TEST_F(H2ServerSessionTest, ResetAndGoawayReachTheClient) {
  answer_ = false;
  const auto first = client_.request("POST", "/3/device/ab", {}, "{}");
  pump();
  server_->resetStream(first, NGHTTP2_REFUSED_STREAM);
  pump();
  EXPECT_EQ(client_.responses[first].resetCode, static_cast<std::uint32_t>(NGHTTP2_REFUSED_STREAM));
  server_->goaway(0, NGHTTP2_NO_ERROR, "{\"reason\":\"Shutdown\"}");
  pump();
  EXPECT_EQ(client_.goawayCode, static_cast<std::uint32_t>(NGHTTP2_NO_ERROR));
  EXPECT_EQ(client_.goawayData, "{\"reason\":\"Shutdown\"}");
}

TEST_F(H2ServerSessionTest, RespondToAGoneStreamIsRefused) {
  EXPECT_FALSE(server_->respond(99, H2Response{}));
}

// Malformed input: the server answers with the connection error RFC 9113 names and stops.
std::string serverAnswerTo(const std::string& bytes, bool& accepted) {
  std::vector<ApnsRequest> requests;
  H2ServerSession server({}, [&](ApnsRequest request) { requests.push_back(request); });
  server.start();
  accepted = server.receive(bytes);
  auto out = server.drain();
  EXPECT_FALSE(server.alive());
  EXPECT_TRUE(requests.empty());
  return out;
}

std::optional<std::uint32_t> goawayCodeIn(const std::string& serverBytes) {
  H2TestClient client;
  client.drain();
  client.feed(serverBytes);
  return client.goawayCode;
}

const std::string kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
const std::string kEmptySettings = std::string("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9);

TEST(H2ServerSessionMalformedTest, HttpOneRequestGetsGoawayProtocolError) {
  bool accepted = true;
  const auto out = serverAnswerTo("GET / HTTP/1.1\r\nHost: x\r\n\r\n", accepted);
  EXPECT_FALSE(accepted);
  EXPECT_EQ(goawayCodeIn(out), static_cast<std::uint32_t>(NGHTTP2_PROTOCOL_ERROR));
}

TEST(H2ServerSessionMalformedTest, OversizedFrameGetsGoawayFrameSizeError) {
  // A DATA frame header announcing 16 MiB - 1 on stream 1 (over the default 16 KiB max).
  const std::string frame("\xff\xff\xff\x00\x00\x00\x00\x00\x01", 9);
  bool accepted = false;
  const auto out = serverAnswerTo(kPreface + kEmptySettings + frame, accepted);
  EXPECT_EQ(goawayCodeIn(out), static_cast<std::uint32_t>(NGHTTP2_FRAME_SIZE_ERROR));
}

TEST(H2ServerSessionMalformedTest, BadHpackGetsGoawayCompressionError) {
  // HEADERS on stream 1, END_HEADERS|END_STREAM, block = indexed field 126 (not in any table).
  const std::string frame("\x00\x00\x01\x01\x05\x00\x00\x00\x01\xfe", 10);
  bool accepted = false;
  const auto out = serverAnswerTo(kPreface + kEmptySettings + frame, accepted);
  EXPECT_EQ(goawayCodeIn(out), static_cast<std::uint32_t>(NGHTTP2_COMPRESSION_ERROR));
}

TEST(H2ServerSessionMalformedTest, SettingsOnAStreamGetsGoawayProtocolError) {
  const std::string frame("\x00\x00\x00\x04\x00\x00\x00\x00\x03", 9);  // SETTINGS with stream id 3
  bool accepted = false;
  const auto out = serverAnswerTo(kPreface + kEmptySettings + frame, accepted);
  EXPECT_EQ(goawayCodeIn(out), static_cast<std::uint32_t>(NGHTTP2_PROTOCOL_ERROR));
}

}  // namespace
}  // namespace oxh::push::apns
