#include "mock_apns_fcm/apns_legacy/legacy_frame.hpp"

namespace oxh::push::apns {

namespace {

std::uint32_t readU32(std::string_view bytes, std::size_t at) {
  const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])); };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

std::uint16_t readU16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) | static_cast<unsigned char>(bytes[at + 1]));
}

void putU16(std::string& out, std::size_t value) {
  out.push_back(static_cast<char>((value >> 8) & 0xff));
  out.push_back(static_cast<char>(value & 0xff));
}

void putU32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

void putItem(std::string& out, FrameItem id, std::string_view data) {
  out.push_back(static_cast<char>(id));
  putU16(out, data.size());
  out.append(data);
}

std::string u32Bytes(std::uint32_t value) {
  std::string out;
  putU32(out, value);
  return out;
}

// Items of a command 2 frame body (push.md §2). Malformed items mark the notification; the
// validator turns that into ProcessingError.
void parseItems(std::string_view frame, LegacyNotification& out) {
  std::size_t at = 0;
  std::vector<bool> seen(256, false);
  const auto malformed = [&](std::string why) {
    if (out.malformed == LegacyStatus::NoErrors) {
      out.malformed = LegacyStatus::ProcessingError;
      out.malformedWhy = std::move(why);
    }
  };
  while (at < frame.size()) {
    if (frame.size() - at < 3) {
      malformed("truncated item header");
      return;
    }
    const auto id = static_cast<std::uint8_t>(frame[at]);
    const std::size_t length = readU16(frame, at + 1);
    at += 3;
    if (frame.size() - at < length) {
      malformed("item " + std::to_string(id) + " overruns the frame");
      return;
    }
    const auto data = frame.substr(at, length);
    at += length;
    if (seen[id]) {
      malformed("item " + std::to_string(id) + " repeated");  // UNCONFIRMED how Apple treated repeats
    }
    seen[id] = true;
    switch (static_cast<FrameItem>(id)) {
      case FrameItem::Token:
        out.token = std::string(data);
        break;
      case FrameItem::Payload:
        out.payload = std::string(data);
        break;
      case FrameItem::Identifier:
      case FrameItem::Expiry:
        if (length != 4) {
          malformed("item " + std::to_string(id) + " is " + std::to_string(length) + " bytes, not 4");
          break;
        }
        if (id == static_cast<std::uint8_t>(FrameItem::Identifier)) {
          out.identifier = readU32(data, 0);
          out.hasIdentifier = true;
        } else {
          out.expiry = readU32(data, 0);
        }
        break;
      case FrameItem::Priority:
        if (length != 1) {
          malformed("priority item is " + std::to_string(length) + " bytes, not 1");
          break;
        }
        out.priority = static_cast<std::uint8_t>(data[0]);
        break;
      default:
        // Apple documented items 1-5 only; unknown ones are skipped, not rejected, so a client
        // Apple may have tolerated is not failed on a guess (UNCONFIRMED).
        out.unknownItems.push_back(id);
        break;
    }
  }
}

}  // namespace

std::string_view legacyStatusName(LegacyStatus status) {
  switch (status) {
    case LegacyStatus::NoErrors: return "no errors";
    case LegacyStatus::ProcessingError: return "processing error";
    case LegacyStatus::MissingToken: return "missing device token";
    case LegacyStatus::MissingTopic: return "missing topic";
    case LegacyStatus::MissingPayload: return "missing payload";
    case LegacyStatus::InvalidTokenSize: return "invalid token size";
    case LegacyStatus::InvalidTopicSize: return "invalid topic size";
    case LegacyStatus::InvalidPayloadSize: return "invalid payload size";
    case LegacyStatus::InvalidToken: return "invalid token";
    case LegacyStatus::Shutdown: return "shutdown";
    case LegacyStatus::Unknown: return "none (unknown)";
  }
  return "unlisted status";
}

void LegacyFrameDecoder::feed(std::string_view bytes) {
  if (poisoned_) {
    return;
  }
  if (offset_ > 0 && offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<LegacyDecoded> LegacyFrameDecoder::garbage(std::string why) {
  poisoned_ = true;
  LegacyDecoded out;
  out.kind = LegacyDecoded::Kind::Garbage;
  out.command = static_cast<std::uint8_t>(buffer_[offset_]);
  out.why = std::move(why);
  buffer_.clear();
  offset_ = 0;
  return out;
}

std::optional<LegacyDecoded> LegacyFrameDecoder::next() {
  if (poisoned_ || buffered() == 0) {
    return std::nullopt;
  }
  const std::string_view in = std::string_view(buffer_).substr(offset_);
  const auto command = static_cast<std::uint8_t>(in[0]);
  LegacyDecoded out;
  auto& note = out.notification;
  note.command = command;
  std::size_t at = 1;
  if (command == kCommandSimple || command == kCommandEnhanced) {
    if (command == kCommandEnhanced) {
      if (in.size() < at + 8) {
        return std::nullopt;
      }
      note.identifier = readU32(in, at);
      note.hasIdentifier = true;
      note.expiry = readU32(in, at + 4);
      at += 8;
    }
    if (in.size() < at + 2) {
      return std::nullopt;
    }
    const std::size_t tokenLength = readU16(in, at);
    if (in.size() < at + 2 + tokenLength + 2) {
      return std::nullopt;
    }
    note.token = std::string(in.substr(at + 2, tokenLength));
    at += 2 + tokenLength;
    const std::size_t payloadLength = readU16(in, at);
    if (in.size() < at + 2 + payloadLength) {
      return std::nullopt;
    }
    note.payload = std::string(in.substr(at + 2, payloadLength));
    at += 2 + payloadLength;
  } else if (command == kCommandFrame) {
    if (in.size() < 5) {
      return std::nullopt;
    }
    const auto frameLength = readU32(in, 1);
    if (frameLength > kMaxFrameBytes) {
      return garbage("frame length " + std::to_string(frameLength) + " exceeds " + std::to_string(kMaxFrameBytes));
    }
    if (in.size() < 5 + static_cast<std::size_t>(frameLength)) {
      return std::nullopt;
    }
    parseItems(in.substr(5, frameLength), note);
    at = 5 + frameLength;
  } else {
    return garbage("unknown command " + std::to_string(command));
  }
  note.wireBytes = at;
  offset_ += at;
  return out;
}

std::string encodeSimple(std::string_view token, std::string_view payload) {
  std::string out(1, static_cast<char>(kCommandSimple));
  putU16(out, token.size());
  out.append(token);
  putU16(out, payload.size());
  out.append(payload);
  return out;
}

std::string encodeEnhanced(std::uint32_t identifier, std::uint32_t expiry, std::string_view token,
                           std::string_view payload) {
  std::string out(1, static_cast<char>(kCommandEnhanced));
  putU32(out, identifier);
  putU32(out, expiry);
  putU16(out, token.size());
  out.append(token);
  putU16(out, payload.size());
  out.append(payload);
  return out;
}

std::string encodeFrame(const FrameFields& fields) {
  std::string items;
  if (fields.token) {
    putItem(items, FrameItem::Token, *fields.token);
  }
  if (fields.payload) {
    putItem(items, FrameItem::Payload, *fields.payload);
  }
  if (fields.identifier) {
    putItem(items, FrameItem::Identifier, u32Bytes(*fields.identifier));
  }
  if (fields.expiry) {
    putItem(items, FrameItem::Expiry, u32Bytes(*fields.expiry));
  }
  if (fields.priority) {
    putItem(items, FrameItem::Priority, std::string(1, static_cast<char>(*fields.priority)));
  }
  std::string out(1, static_cast<char>(kCommandFrame));
  putU32(out, static_cast<std::uint32_t>(items.size()));
  return out + items;
}

std::string encodeErrorResponse(LegacyStatus status, std::uint32_t identifier) {
  std::string out{static_cast<char>(kCommandErrorResponse), static_cast<char>(status)};
  putU32(out, identifier);
  return out;
}

std::string encodeFeedbackRecord(std::uint32_t time, std::string_view token) {
  std::string out;
  putU32(out, time);
  putU16(out, token.size());
  out.append(token);
  return out;
}

std::string tokenToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

std::optional<std::string> tokenFromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return std::nullopt;
  }
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = nibble(hex[i]);
    const int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) {
      return std::nullopt;
    }
    out.push_back(static_cast<char>((high << 4) | low));
  }
  return out;
}

}  // namespace oxh::push::apns
