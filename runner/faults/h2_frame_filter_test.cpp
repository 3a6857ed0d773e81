#include "runner/faults/h2_frame_filter.hpp"

#include <gtest/gtest.h>

namespace oxh::faults {
namespace {

constexpr auto kUp = Direction::kClientToServer;
constexpr auto kDown = Direction::kServerToClient;
const std::string kPreface("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24);

const std::string kServerSettings = h2Frame(kH2Settings, 0, 0, "");

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

std::string headers(std::uint32_t stream, std::uint8_t flags = kH2FlagEndHeaders) {
  return h2Frame(kH2Headers, flags, stream, "\x82");
}

TEST(H2Frames, BuildsAndParsesHeaders) {
  const auto frame = h2RstStreamFrame(5, 8);
  EXPECT_EQ(frame, std::string("\x00\x00\x04\x03\x00\x00\x00\x00\x05\x00\x00\x00\x08", 13));
  const auto header = parseH2FrameHeader(frame);
  EXPECT_EQ(header.length, 4U);
  EXPECT_EQ(header.type, kH2RstStream);
  EXPECT_EQ(header.stream, 5U);
  EXPECT_EQ(h2GoawayFrame(3, 0).size(), 17U);
  EXPECT_EQ(h2SettingsFrame({{3, 0}}), std::string("\x00\x00\x06\x04\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00", 15));
}

TEST(H2FrameFilter, ForwardsOnlyWholeFrames) {
  Armed armed;
  H2FrameFilter filter;
  const auto stream = kPreface + h2Frame(kH2Settings, 0, 0, "") + headers(1);
  std::string forwarded;
  for (char c : stream) {
    forwarded += filter.onData(kUp, std::string(1, c), armed.faults, armed.board).forward;
  }
  EXPECT_EQ(forwarded, stream);
  const auto data = h2Frame(kH2Data, 1, 1, "hello");
  EXPECT_EQ(filter.onData(kDown, data.substr(0, 10), armed.faults, armed.board).forward, "");
  EXPECT_EQ(filter.onData(kDown, data.substr(10), armed.faults, armed.board).forward, data);
}

TEST(H2FrameFilter, RstStreamResetsTheNewStreamOnBothSides) {
  Armed armed;
  H2FrameFilter filter;
  (void)filter.onData(kUp, kPreface + headers(1), armed.faults, armed.board);
  (void)filter.onData(kDown, kServerSettings, armed.faults, armed.board);
  armed.arm({{"fault", "h2_rst_stream"}, {"error_code", "REFUSED_STREAM"}, {"count", "1"}});
  auto out = filter.onData(kUp, headers(3) + h2Frame(kH2Data, 1, 3, "x"), armed.faults, armed.board);
  EXPECT_EQ(out.forward, headers(3) + h2RstStreamFrame(3, 7));  // its DATA dropped
  EXPECT_EQ(out.reply, h2RstStreamFrame(3, 7));
  // The server's DATA on it is dropped; the next stream passes (count 1).
  EXPECT_EQ(filter.onData(kDown, h2Frame(kH2Data, 1, 3, "y"), armed.faults, armed.board).forward, "");
  EXPECT_EQ(filter.onData(kUp, headers(5), armed.faults, armed.board).forward, headers(5));
}

TEST(H2FrameFilter, RstWaitsForTheEndOfTheHeaderBlock) {
  Armed armed;
  armed.arm({{"fault", "h2_rst_stream"}, {"error_code", "CANCEL"}});
  H2FrameFilter filter;
  const auto continuation = h2Frame(kH2Continuation, kH2FlagEndHeaders, 1, "\x84");
  const auto out = filter.onData(kUp, kPreface + headers(1, 0) + continuation, armed.faults, armed.board);
  EXPECT_EQ(out.forward, kPreface + headers(1, 0) + continuation + h2RstStreamFrame(1, 8));
}

TEST(H2FrameFilter, GoawayStopsTheClientAndCloses) {
  Armed armed;
  H2FrameFilter filter;
  (void)filter.onData(kUp, kPreface + headers(1), armed.faults, armed.board);
  (void)filter.onData(kDown, kServerSettings, armed.faults, armed.board);
  armed.arm({{"fault", "h2_goaway"}, {"error_code", "ENHANCE_YOUR_CALM"}, {"delay", "50ms"}});
  const auto out = filter.onData(kUp, headers(3) + headers(5), armed.faults, armed.board);
  EXPECT_EQ(out.forward, "");
  EXPECT_EQ(out.reply, h2GoawayFrame(1, 11));
  EXPECT_TRUE(out.closeAfter);
  EXPECT_EQ(out.closeDelay, Millis(50));
}

TEST(H2FrameFilter, SettingsGoToTheClientAndItsAckStaysHere) {
  Armed armed;
  armed.arm({{"fault", "h2_settings"}, {"max_concurrent_streams", "0"}, {"count", "1"}});
  H2FrameFilter filter;
  auto out = filter.onData(kUp, kPreface + headers(1), armed.faults, armed.board);
  EXPECT_EQ(out.reply, "");  // nothing reaches the client before the server's own SETTINGS
  EXPECT_EQ(out.forward, kPreface + headers(1));
  out = filter.onData(kDown, kServerSettings, armed.faults, armed.board);
  EXPECT_EQ(out.forward, kServerSettings + h2SettingsFrame({{3, 0}}));
  const auto ack = h2Frame(kH2Settings, kH2FlagAck, 0, "");
  EXPECT_EQ(filter.onData(kUp, ack, armed.faults, armed.board).forward, "");
  EXPECT_EQ(filter.onData(kUp, ack, armed.faults, armed.board).forward, ack);  // the upstream's own
}

}  // namespace
}  // namespace oxh::faults
