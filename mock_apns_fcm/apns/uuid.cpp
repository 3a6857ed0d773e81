#include "mock_apns_fcm/apns/uuid.hpp"

#include <cctype>
#include <random>

namespace oxh::push::apns {

std::string generateUuid() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_int_distribution<int> nibble(0, 15);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    int value = nibble(generator);
    if (i == 12) {
      value = 4;  // version 4 (RFC 9562 §5.4)
    } else if (i == 16) {
      value = 8 | (value & 3);  // variant 10xx
    }
    if (i == 8 || i == 12 || i == 16 || i == 20) {
      out += '-';
    }
    out += kHex[value];
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
