#include "mock_apns_fcm/apns/uuid.hpp"

#include <cctype>
#include <cstdint>
#include <random>

namespace oxh::push::apns {

std::string generateUuid() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  // 128 random bits from two draws, then the version and variant nibbles (RFC 9562 §5.4).
  const std::uint64_t high = generator();
  const std::uint64_t low = generator();
  std::string out(36, '-');
  std::size_t at = 0;
  for (int i = 0; i < 32; ++i) {
    int value = static_cast<int>(((i < 16 ? high : low) >> ((i % 16) * 4)) & 15U);
    if (i == 12) {
      value = 4;  // version 4
    } else if (i == 16) {
      value = 8 | (value & 3);  // variant 10xx
    }
    if (i == 8 || i == 12 || i == 16 || i == 20) {
      ++at;  // the dash already there
    }
    out[at++] = kHex[value];
  }
  return out;
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
