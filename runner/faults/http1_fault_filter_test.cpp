#include "runner/faults/http1_fault_filter.hpp"

#include <gtest/gtest.h>

namespace oxh::faults {
namespace {

constexpr auto kUp = Direction::kClientToServer;
constexpr auto kDown = Direction::kServerToClient;

struct Armed {
  FaultBoard board{7};
  std::vector<ArmedFault> faults;
  void arm(const std::map<std::string, std::string>& params) {
    const auto parsed = parseFaultSpec(params);
    ASSERT_TRUE(parsed.spec) << parsed.error;
    board.arm(*parsed.spec, Clock::now());
    faults = board.active(1, Clock::now());
  }
};

TEST(Http1Head, ParsesFraming) {
  const auto request = parseHttp1Head("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", true);
  ASSERT_TRUE(request.valid);
  EXPECT_EQ(request.method, "POST");
  EXPECT_TRUE(request.chunked);
  const auto response = parseHttp1Head("HTTP/1.1 200 OK\r\ncontent-length:  12 \r\n\r\n", false);
  ASSERT_TRUE(response.valid);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(*response.contentLength, 12U);
  EXPECT_FALSE(parseHttp1Head("HTTP/1.1 2x0 OK\r\n\r\n", false).valid);
  EXPECT_FALSE(parseHttp1Head("* OK IMAP ready\r\n\r\n", true).valid);
}

TEST(Http1FaultFilter, PassesMessagesUntouchedInAnyChunking) {
  Armed armed;
  Http1FaultFilter filter;
  const std::string request = "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\n\r\n";
  std::string forwarded;
  for (char c : request) {  // one byte at a time
    forwarded += filter.onData(kUp, std::string(1, c), armed.faults, armed.board).forward;
  }
  EXPECT_EQ(forwarded, request);
  const std::string response =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
  EXPECT_EQ(filter.onData(kDown, response, armed.faults, armed.board).forward, response);
}

TEST(Http1FaultFilter, StatusAnswersTheRequestItselfAndSwallowsItsBody) {
  Armed armed;
  armed.arm({{"fault", "http_status"}, {"status", "503"}, {"retry_after", "30"}, {"body", "busy"}, {"path", "/api"},
             {"count", "1"}});
  Http1FaultFilter filter;
  auto out = filter.onData(kUp, "GET /other HTTP/1.1\r\n\r\n", armed.faults, armed.board);
  EXPECT_EQ(out.forward, "GET /other HTTP/1.1\r\n\r\n");  // the path filter lets it through
  out = filter.onData(kUp, "POST /api/x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /api/y HTTP/1.1\r\n\r\n", armed.faults,
                      armed.board);
  EXPECT_EQ(out.reply, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Type: text/plain\r\n"
                       "Content-Length: 4\r\n\r\nbusy");
  EXPECT_EQ(out.forward, "GET /api/y HTTP/1.1\r\n\r\n");  // count 1: the second one passes
  ASSERT_EQ(out.applied.size(), 1U);
  EXPECT_EQ(out.applied[0].detail, "POST /api/x answered 503");
}

TEST(Http1FaultFilter, DelayHoldsTheResponse) {
  Armed armed;
  armed.arm({{"fault", "http_delay"}, {"delay", "300ms"}});
  Http1FaultFilter filter;
  (void)filter.onData(kUp, "GET / HTTP/1.1\r\n\r\n", armed.faults, armed.board);
  const auto out = filter.onData(kDown, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", armed.faults, armed.board);
  EXPECT_EQ(out.holdBefore, Millis(300));
  EXPECT_EQ(out.forward, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
}

TEST(Http1FaultFilter, MalformedReplacesTheResponseAndCloses) {
  Armed armed;
  armed.arm({{"fault", "http_malformed"}});
  Http1FaultFilter filter;
  (void)filter.onData(kUp, "GET / HTTP/1.1\r\n\r\n", armed.faults, armed.board);
  const auto out = filter.onData(kDown, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", armed.faults, armed.board);
  EXPECT_EQ(out.forward, Http1FaultFilter::malformedResponse());
  EXPECT_TRUE(out.closeAfter);
}

TEST(Http1FaultFilter, CloseMidBodyCutsAfterTheGivenBytes) {
  Armed armed;
  armed.arm({{"fault", "http_close_mid_body"}, {"after_bytes", "4"}});
  Http1FaultFilter filter;
  (void)filter.onData(kUp, "HEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n", armed.faults, armed.board);
  // The HEAD response has no body: nothing to cut; the GET response is cut after 4 body bytes.
  auto out = filter.onData(kDown, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", armed.faults, armed.board);
  EXPECT_EQ(out.forward, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
  EXPECT_FALSE(out.closeAfter);
  out = filter.onData(kDown, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n012", armed.faults, armed.board);
  EXPECT_EQ(out.forward, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n012");
  EXPECT_FALSE(out.closeAfter);
  out = filter.onData(kDown, "3456789", armed.faults, armed.board);
  EXPECT_EQ(out.forward, "3");
  EXPECT_TRUE(out.closeAfter);
}

TEST(Http1FaultFilter, NonHttpBytesPassThrough) {
  Armed armed;
  armed.arm({{"fault", "http_status"}});
  Http1FaultFilter filter;
  const auto out = filter.onData(kUp, "a1 LOGIN x y\r\n\r\n", armed.faults, armed.board);
  EXPECT_EQ(out.forward, "a1 LOGIN x y\r\n\r\n");
  EXPECT_TRUE(out.reply.empty());
}

}  // namespace
}  // namespace oxh::faults
