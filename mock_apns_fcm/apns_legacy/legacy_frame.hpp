#pragma once
// The legacy binary provider API's wire format (push.md §2; Apple's "Binary Provider API" [A4]
// and "Legacy Notification Format" [A5]), socket-free: a decoder that takes bytes as they
// arrive and yields notifications (commands 0, 1 and 2) or "garbage", and encoders for the
// 6-byte error-response packet, the 38-byte feedback record and, for tests and load tools,
// the three notification formats. All integers are big-endian.
// Thread: value types; a decoder belongs to one connection.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::push::apns {

// Status codes of the error-response packet (push.md §2; JavaPNS ResponsePacket).
enum class LegacyStatus : std::uint8_t {
  NoErrors = 0,
  ProcessingError = 1,
  MissingToken = 2,
  MissingTopic = 3,
  MissingPayload = 4,
  InvalidTokenSize = 5,
  InvalidTopicSize = 6,
  InvalidPayloadSize = 7,
  InvalidToken = 8,
  Shutdown = 10,
  Unknown = 255,  // Apple's "None (unknown)"
};
[[nodiscard]] std::string_view legacyStatusName(LegacyStatus status);  // "invalid token size", ...

inline constexpr std::uint8_t kCommandSimple = 0;
inline constexpr std::uint8_t kCommandEnhanced = 1;
inline constexpr std::uint8_t kCommandFrame = 2;
inline constexpr std::uint8_t kCommandErrorResponse = 8;
inline constexpr std::size_t kLegacyTokenBytes = 32;
// Payload limits: 256 bytes for the command 0/1 formats [A5], 2 KB for command 2 frames
// (push.md §2: 2048, UNCONFIRMED from stored sources; apn@1.7.8's trim() also defaults to 2048).
inline constexpr std::size_t kLegacyPayloadLimit = 256;
inline constexpr std::size_t kFramePayloadLimit = 2048;
inline constexpr std::size_t kErrorResponseBytes = 6;
inline constexpr std::size_t kFeedbackRecordBytes = 38;
// The largest frame the decoder waits for: every item at its maximum plus room for unknown
// items. A bigger frame length is answered as garbage rather than buffered (what Apple did
// with such a frame is UNCONFIRMED).
inline constexpr std::uint32_t kMaxFrameBytes = 8192;

// Frame item ids (command 2).
enum class FrameItem : std::uint8_t { Token = 1, Payload = 2, Identifier = 3, Expiry = 4, Priority = 5 };

struct LegacyNotification {
  std::uint8_t command = kCommandFrame;
  std::uint32_t identifier = 0;             // commands 1 and 2 (item 3); 0 when absent
  bool hasIdentifier = false;               // command 0 has none: errors close without a packet
  std::optional<std::uint32_t> expiry;      // epoch seconds; 0 = do not store
  std::optional<std::uint8_t> priority;     // command 2 item 5
  std::optional<std::string> token;         // raw bytes; nullopt when a frame had no token item
  std::optional<std::string> payload;       // raw bytes; nullopt when a frame had no payload item
  std::vector<std::uint8_t> unknownItems;   // item ids the decoder skipped (kept for the record)
  // Set by the decoder when the frame's items themselves are malformed (an identifier item
  // that is not 4 bytes, a repeated item, items overrunning the frame).
  LegacyStatus malformed = LegacyStatus::NoErrors;
  std::string malformedWhy;
  std::size_t wireBytes = 0;
};

struct LegacyDecoded {
  enum class Kind { Notification, Garbage } kind = Kind::Notification;
  LegacyNotification notification;  // Kind::Notification
  std::string why;                  // Kind::Garbage: what was wrong
  std::uint8_t command = 0;         // the first byte seen
};

// Splits a byte stream into notifications. After Garbage the stream cannot be resynchronised
// (the protocol has no frame markers), so the decoder stops and next() stays empty.
class LegacyFrameDecoder {
 public:
  void feed(std::string_view bytes);
  // The next complete item, or nullopt when more bytes are needed (or after Garbage).
  std::optional<LegacyDecoded> next();
  [[nodiscard]] std::size_t buffered() const { return buffer_.size() - offset_; }
  [[nodiscard]] bool poisoned() const { return poisoned_; }

 private:
  std::optional<LegacyDecoded> garbage(std::string why);
  std::string buffer_;
  std::size_t offset_ = 0;
  bool poisoned_ = false;
};

// Items of a frame notification, in wire order; `std::nullopt` fields are left out.
struct FrameFields {
  std::optional<std::string> token;
  std::optional<std::string> payload;
  std::optional<std::uint32_t> identifier;
  std::optional<std::uint32_t> expiry;
  std::optional<std::uint8_t> priority;
};

std::string encodeSimple(std::string_view token, std::string_view payload);
std::string encodeEnhanced(std::uint32_t identifier, std::uint32_t expiry, std::string_view token,
                           std::string_view payload);
std::string encodeFrame(const FrameFields& fields);
std::string encodeErrorResponse(LegacyStatus status, std::uint32_t identifier);
std::string encodeFeedbackRecord(std::uint32_t time, std::string_view token);

// Hex <-> raw token bytes (tokens are hex everywhere else in the fakes). fromHex returns
// nullopt for odd length or non-hex characters.
std::string tokenToHex(std::string_view bytes);
std::optional<std::string> tokenFromHex(std::string_view hex);

}  // namespace oxh::push::apns
