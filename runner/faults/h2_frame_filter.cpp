#include "runner/faults/h2_frame_filter.hpp"

#include <memory>
#include <utility>

#include "runner/faults/app_fault_spec.hpp"
#include "runner/faults/http1_fault_filter.hpp"

namespace oxh::faults {

namespace {

constexpr std::size_t kHeaderSize = 9;

void put32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> static_cast<unsigned>(shift)) & 0xffU));
  }
}

std::string streamName(std::uint32_t stream) { return "stream " + std::to_string(stream); }

}  // namespace

H2FrameHeader parseH2FrameHeader(std::string_view bytes) {
  const auto byte = [&](std::size_t at) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])); };
  H2FrameHeader header;
  header.length = (byte(0) << 16U) | (byte(1) << 8U) | byte(2);
  header.type = static_cast<std::uint8_t>(byte(3));
  header.flags = static_cast<std::uint8_t>(byte(4));
  header.stream = ((byte(5) << 24U) | (byte(6) << 16U) | (byte(7) << 8U) | byte(8)) & 0x7fffffffU;
  return header;
}

std::string h2Frame(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, const std::string& payload) {
  std::string frame;
  const auto length = static_cast<std::uint32_t>(payload.size());
  frame.push_back(static_cast<char>((length >> 16U) & 0xffU));
  frame.push_back(static_cast<char>((length >> 8U) & 0xffU));
  frame.push_back(static_cast<char>(length & 0xffU));
  frame.push_back(static_cast<char>(type));
  frame.push_back(static_cast<char>(flags));
  put32(frame, stream & 0x7fffffffU);
  return frame + payload;
}

std::string h2RstStreamFrame(std::uint32_t stream, std::uint32_t errorCode) {
  std::string payload;
  put32(payload, errorCode);
  return h2Frame(kH2RstStream, 0, stream, payload);
}

std::string h2GoawayFrame(std::uint32_t lastStream, std::uint32_t errorCode) {
  std::string payload;
  put32(payload, lastStream & 0x7fffffffU);
  put32(payload, errorCode);
  return h2Frame(kH2Goaway, 0, 0, payload);
}

std::string h2SettingsFrame(const std::vector<std::pair<std::uint16_t, std::uint32_t>>& settings) {
  std::string payload;
  for (const auto& [id, value] : settings) {
    payload.push_back(static_cast<char>((id >> 8U) & 0xffU));
    payload.push_back(static_cast<char>(id & 0xffU));
    put32(payload, value);
  }
  return h2Frame(kH2Settings, 0, 0, payload);
}

FilterOutput H2FrameFilter::onData(Direction flow, std::string_view bytes, const std::vector<ArmedFault>& faults,
                                   FaultBoard& board) {
  FilterOutput out;
  const bool fromClient = flow == Direction::kClientToServer;
  auto& pending = fromClient ? fromClient_ : fromServer_;
  pending.append(bytes);
  if (fromClient && prefaceLeft_ > 0) {
    const auto take = std::min(prefaceLeft_, pending.size());
    if (!goneAway_) {
      out.forward.append(pending, 0, take);
    }
    pending.erase(0, take);
    prefaceLeft_ -= take;
  }
  while (pending.size() >= kHeaderSize) {
    const auto header = parseH2FrameHeader(pending);
    const auto size = kHeaderSize + header.length;
    if (pending.size() < size) {
      break;
    }
    const auto frame = pending.substr(0, size);
    pending.erase(0, size);
    if (fromClient) {
      clientFrame(header, frame, out, faults, board);
    } else {
      serverFrame(header, frame, out);
    }
  }
  if (!serverPrefaceSeen_ && !out.reply.empty()) {
    heldForClient_ += out.reply;  // released behind the upstream's SETTINGS (serverFrame)
    out.reply.clear();
  }
  if (goneAway_ && fromClient && serverPrefaceSeen_) {
    out.closeAfter = true;
    out.closeDelay = goawayDelay_;
  }
  return out;
}

void H2FrameFilter::clientFrame(const H2FrameHeader& header, const std::string& frame, FilterOutput& out,
                                const std::vector<ArmedFault>& faults, FaultBoard& board) {
  if (goneAway_) {
    return;  // after our GOAWAY nothing more reaches the upstream
  }
  if (header.type == kH2Settings && (header.flags & kH2FlagAck) != 0 && pendingAcks_ > 0) {
    --pendingAcks_;  // acknowledges our injected SETTINGS, which the upstream never sent
    return;
  }
  if (header.type == kH2Continuation && header.stream == pendingRst_ && pendingRst_ != 0) {
    out.forward += frame;
    if ((header.flags & kH2FlagEndHeaders) != 0) {
      out.forward += h2RstStreamFrame(pendingRst_, pendingRstCode_);
      pendingRst_ = 0;
    }
    return;
  }
  if (header.stream != 0 && resetStreams_.count(header.stream) != 0) {
    return;  // the client's late frames on a stream we reset
  }
  if (header.type == kH2Headers && header.stream > highestStream_) {
    highestStream_ = header.stream;
    for (const auto& fault : faults) {
      const auto kind = fault.spec.kind;
      if (kind == FaultKind::kH2Goaway && board.take(fault.id)) {
        const auto last = fault.spec.lastStreamId.value_or(lastForwarded_);
        out.reply += h2GoawayFrame(last, fault.spec.errorCode);
        goawayDelay_ = fault.spec.delay;
        goneAway_ = true;
        out.applied.push_back({fault.id, "h2_goaway",
                               "GOAWAY last_stream_id " + std::to_string(last) + " " + h2ErrorName(fault.spec.errorCode) +
                                   " at " + streamName(header.stream)});
        return;
      }
      if (kind == FaultKind::kH2Settings && board.take(fault.id)) {
        out.reply += h2SettingsFrame(fault.spec.settings);
        ++pendingAcks_;
        out.applied.push_back({fault.id, "h2_settings", "SETTINGS" + describeApp(fault.spec) + " before " +
                                                            streamName(header.stream)});
      }
    }
    for (const auto& fault : faults) {
      if (fault.spec.kind == FaultKind::kH2RstStream && board.take(fault.id)) {
        out.forward += frame;
        lastForwarded_ = header.stream;
        resetStreams_.insert(header.stream);
        if ((header.flags & kH2FlagEndHeaders) != 0) {
          out.forward += h2RstStreamFrame(header.stream, fault.spec.errorCode);
        } else {
          pendingRst_ = header.stream;
          pendingRstCode_ = fault.spec.errorCode;
        }
        out.reply += h2RstStreamFrame(header.stream, fault.spec.errorCode);
        out.applied.push_back({fault.id, "h2_rst_stream",
                               "RST_STREAM " + h2ErrorName(fault.spec.errorCode) + " on " + streamName(header.stream)});
        return;
      }
    }
    lastForwarded_ = header.stream;
  }
  out.forward += frame;
}

void H2FrameFilter::serverFrame(const H2FrameHeader& header, const std::string& frame, FilterOutput& out) {
  if (header.type == kH2Data && resetStreams_.count(header.stream) != 0) {
    return;  // the client was told the stream is gone
  }
  if (header.type == kH2RstStream && resetStreams_.count(header.stream) != 0) {
    return;  // the upstream's answer to our RST_STREAM; the client has its own
  }
  out.forward += frame;
  if (!serverPrefaceSeen_) {
    serverPrefaceSeen_ = true;
    out.forward += std::exchange(heldForClient_, {});
    if (goneAway_) {
      out.closeAfter = true;
      out.closeDelay = goawayDelay_;
    }
  }
}

std::unique_ptr<ProtocolFilter> makeProtocolFilter(const std::string& protocol) {
  if (protocol == "http1") {
    return std::make_unique<Http1FaultFilter>();
  }
  if (protocol == "h2") {
    return std::make_unique<H2FrameFilter>();
  }
  return nullptr;
}

}  // namespace oxh::faults
