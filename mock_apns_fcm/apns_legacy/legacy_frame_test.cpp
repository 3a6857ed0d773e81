#include "mock_apns_fcm/apns_legacy/legacy_frame.hpp"

#include <gtest/gtest.h>

namespace oxh::push::apns {
namespace {

const std::string kRawToken(32, '\xab');

// Feeds one byte at a time: nothing may come out before the last byte of the notification.
std::vector<LegacyDecoded> byteByByte(const std::string& wire) {
  LegacyFrameDecoder decoder;
  std::vector<LegacyDecoded> out;
  for (std::size_t i = 0; i < wire.size(); ++i) {
    decoder.feed(wire.substr(i, 1));
    while (auto decoded = decoder.next()) {
      out.push_back(*decoded);
    }
  }
  return out;
}

TEST(LegacyFrame, DecodesTheSimpleFormatByteByByte) {
  const auto wire = encodeSimple(kRawToken, R"({"aps":{}})");
  ASSERT_EQ(wire.size(), 1u + 2 + 32 + 2 + 10);
  const auto out = byteByByte(wire);
  ASSERT_EQ(out.size(), 1u);
  const auto& note = out[0].notification;
  EXPECT_EQ(note.command, kCommandSimple);
  EXPECT_FALSE(note.hasIdentifier);
  EXPECT_EQ(note.token, kRawToken);
  EXPECT_EQ(note.payload, R"({"aps":{}})");
  EXPECT_EQ(note.wireBytes, wire.size());
}

TEST(LegacyFrame, DecodesTheEnhancedFormatWithIdentifierAndExpiry) {
  const auto wire = encodeEnhanced(0x01020304, 1700000000, kRawToken, "{}");
  EXPECT_EQ(wire.substr(0, 9), std::string("\x01\x01\x02\x03\x04\x65\x53\xf1\x00", 9));
  const auto out = byteByByte(wire);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].notification.hasIdentifier);
  EXPECT_EQ(out[0].notification.identifier, 0x01020304u);
  EXPECT_EQ(out[0].notification.expiry, 1700000000u);
}

TEST(LegacyFrame, DecodesFrameItemsAndSeveralNotificationsInOneRead) {
  const auto first = encodeFrame({kRawToken, std::string("{\"a\":1}"), 7u, 1700000001u, std::uint8_t{5}});
  const auto second = encodeFrame({kRawToken, std::string("{}"), 8u, std::nullopt, std::nullopt});
  LegacyFrameDecoder decoder;
  decoder.feed(first + second);
  const auto a = decoder.next();
  const auto b = decoder.next();
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(decoder.next());
  EXPECT_EQ(a->notification.identifier, 7u);
  EXPECT_EQ(a->notification.expiry, 1700000001u);
  EXPECT_EQ(a->notification.priority, 5);
  EXPECT_EQ(a->notification.payload, "{\"a\":1}");
  EXPECT_EQ(b->notification.identifier, 8u);
  EXPECT_FALSE(b->notification.expiry);
  EXPECT_FALSE(b->notification.priority);
  EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(LegacyFrame, FrameWithoutTokenOrPayloadDecodesWithThemAbsent) {
  const auto out = byteByByte(encodeFrame({std::nullopt, std::nullopt, 3u, std::nullopt, std::nullopt}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].notification.token);
  EXPECT_FALSE(out[0].notification.payload);
  EXPECT_EQ(out[0].notification.malformed, LegacyStatus::NoErrors);
}

TEST(LegacyFrame, MalformedItemsAreMarkedAndUnknownItemsSkipped) {
  // Identifier item of 2 bytes, then an unknown item 9.
  std::string items = std::string("\x03\x00\x02\x00\x01", 5) + std::string("\x09\x00\x01z", 4);
  std::string wire = std::string("\x02\x00\x00\x00", 4) + static_cast<char>(items.size()) + items;
  auto out = byteByByte(wire);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].notification.malformed, LegacyStatus::ProcessingError);
  EXPECT_EQ(out[0].notification.unknownItems, std::vector<std::uint8_t>{9});

  // An item overrunning its frame.
  items = std::string("\x01\x00\x20\xab", 4);
  wire = std::string("\x02\x00\x00\x00", 4) + static_cast<char>(items.size()) + items;
  out = byteByByte(wire);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].notification.malformed, LegacyStatus::ProcessingError);
}

TEST(LegacyFrame, UnknownCommandIsGarbageAndStopsTheDecoder) {
  LegacyFrameDecoder decoder;
  decoder.feed("GET / HTTP/1.1\r\n\r\n");
  const auto out = decoder.next();
  ASSERT_TRUE(out);
  EXPECT_EQ(out->kind, LegacyDecoded::Kind::Garbage);
  EXPECT_EQ(out->command, 'G');
  EXPECT_TRUE(decoder.poisoned());
  decoder.feed(encodeSimple(kRawToken, "{}"));
  EXPECT_FALSE(decoder.next());
}

TEST(LegacyFrame, OversizedFrameLengthIsGarbageInsteadOfBuffering) {
  LegacyFrameDecoder decoder;
  decoder.feed(std::string("\x02\xff\xff\xff\xff", 5));
  const auto out = decoder.next();
  ASSERT_TRUE(out);
  EXPECT_EQ(out->kind, LegacyDecoded::Kind::Garbage);
}

TEST(LegacyFrame, ErrorPacketAndFeedbackRecordHaveApplesSizes) {
  EXPECT_EQ(encodeErrorResponse(LegacyStatus::InvalidTokenSize, 0x0a0b0c0d), std::string("\x08\x05\x0a\x0b\x0c\x0d", 6));
  const auto record = encodeFeedbackRecord(1700000000, kRawToken);
  ASSERT_EQ(record.size(), kFeedbackRecordBytes);
  EXPECT_EQ(record.substr(0, 6), std::string("\x65\x53\xf1\x00\x00\x20", 6));
  EXPECT_EQ(record.substr(6), kRawToken);
}

TEST(LegacyFrame, HexTokensRoundTrip) {
  std::string hex;
  for (int i = 0; i < 32; ++i) {
    hex += "ab";
  }
  EXPECT_EQ(tokenToHex(kRawToken), hex);
  EXPECT_EQ(tokenFromHex(hex), kRawToken);
  EXPECT_EQ(tokenFromHex("ABab00"), std::string("\xab\xab\x00", 3));
  EXPECT_FALSE(tokenFromHex("abc"));
  EXPECT_FALSE(tokenFromHex("zz"));
}

}  // namespace
}  // namespace oxh::push::apns
