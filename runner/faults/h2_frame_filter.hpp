#pragma once
// HTTP/2 framing for the fault proxy (`protocol: h2`, over TLS with ALPN h2 on both sides):
// the client's connection preface, then 9-byte frame headers (RFC 9113 §4.1); only whole
// frames are forwarded, so frames the proxy injects never split one. No HPACK: the faults
// act on the next streams the client opens (a HEADERS frame with a new stream id):
//  h2_rst_stream  the HEADERS is forwarded, then RST_STREAM(error_code) to the upstream and to the
//                 client; the client's further frames on that stream and the server's DATA on it
//                 are dropped (the server's HEADERS still pass, for the client's HPACK state)
//  h2_goaway      GOAWAY(last_stream_id: given or the last stream passed on, error_code) to the
//                 client; that HEADERS and everything after it from the client are dropped; the
//                 connection closes after `delay`
//  h2_settings    a SETTINGS frame with the given parameters to the client; the client's ACK of it
//                 is not passed on (the upstream never sent it)
// Frames the proxy sends the client wait until the upstream's SETTINGS (its preface) passed.
// Thread: one connection's strand (protocol_filter.hpp).
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "runner/faults/protocol_filter.hpp"

namespace oxh::faults {

struct H2FrameHeader {
  std::uint32_t length = 0;
  std::uint8_t type = 0;
  std::uint8_t flags = 0;
  std::uint32_t stream = 0;
};

inline constexpr std::uint8_t kH2Data = 0x0;
inline constexpr std::uint8_t kH2Headers = 0x1;
inline constexpr std::uint8_t kH2RstStream = 0x3;
inline constexpr std::uint8_t kH2Settings = 0x4;
inline constexpr std::uint8_t kH2Goaway = 0x7;
inline constexpr std::uint8_t kH2Continuation = 0x9;
inline constexpr std::uint8_t kH2FlagAck = 0x1;
inline constexpr std::uint8_t kH2FlagEndHeaders = 0x4;
inline constexpr std::size_t kH2PrefaceSize = 24;  // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// The header at the start of `bytes` (at least 9 bytes).
H2FrameHeader parseH2FrameHeader(std::string_view bytes);
std::string h2Frame(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, const std::string& payload);
std::string h2RstStreamFrame(std::uint32_t stream, std::uint32_t errorCode);
std::string h2GoawayFrame(std::uint32_t lastStream, std::uint32_t errorCode);
std::string h2SettingsFrame(const std::vector<std::pair<std::uint16_t, std::uint32_t>>& settings);

class H2FrameFilter final : public ProtocolFilter {
 public:
  FilterOutput onData(Direction flow, std::string_view bytes, const std::vector<ArmedFault>& faults,
                      FaultBoard& board) override;

 private:
  void clientFrame(const H2FrameHeader& header, const std::string& frame, FilterOutput& out,
                   const std::vector<ArmedFault>& faults, FaultBoard& board);
  void serverFrame(const H2FrameHeader& header, const std::string& frame, FilterOutput& out);

  std::string fromClient_;
  std::string fromServer_;
  std::size_t prefaceLeft_ = kH2PrefaceSize;
  std::uint32_t highestStream_ = 0;    // highest client stream id seen
  std::uint32_t lastForwarded_ = 0;    // highest client stream id passed on
  std::uint32_t pendingRst_ = 0;       // a reset stream whose header block is not finished yet
  std::uint32_t pendingRstCode_ = 0;
  std::set<std::uint32_t> resetStreams_;
  std::uint32_t pendingAcks_ = 0;      // SETTINGS ACKs from the client for our injected SETTINGS
  bool goneAway_ = false;
  Millis goawayDelay_{0};
  // A server's connection preface is its SETTINGS frame (RFC 9113 §3.4): frames for the client
  // wait here until the upstream's first frame has passed.
  bool serverPrefaceSeen_ = false;
  std::string heldForClient_;
};

}  // namespace oxh::faults
