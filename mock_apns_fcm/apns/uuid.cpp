#include "mock_apns_fcm/apns/uuid.hpp"

#include <cctype>
#include <cstdint>
#include <random>

namespace oxh::push::apns {

std::string generateUuid() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  // 128 random bits from two draws, then the version and variant nibbles (RFC 9562 §5.4):
  // digits are written most significant first, so hex digit 12 is bits 12..15 of `high` (set to
  // 4) and digit 16 is the top nibble of `low` (10 and two random bits).
  const std::uint64_t high = (generator() & ~(std::uint64_t{0xF} << 12)) | (std::uint64_t{0x4} << 12);
  const std::uint64_t low = (generator() & ~(std::uint64_t{0xC} << 60)) | (std::uint64_t{0x8} << 60);
  char text[36];
  std::size_t at = 0;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) {
      text[at++] = '-';
    }
    const std::uint64_t word = i < 16 ? high : low;
    text[at++] = kHex[(word >> (60 - (i % 16) * 4)) & 15U];  // most significant digit first
  }
  return std::string(text, sizeof text);
}

bool isCanonicalUuid(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
      return false;
    }
  }
  return true;
}

}  // namespace oxh::push::apns
