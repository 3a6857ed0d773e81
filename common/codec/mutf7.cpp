#include "common/codec/mutf7.hpp"

#include "common/codec/utf8.hpp"

#include <cstdint>
#include <vector>

namespace oxh::codec {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int sextet(char c) {
  const auto at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// Next code point of `utf8` at `i` (advanced); U+FFFD for a malformed sequence.
char32_t nextCodePoint(std::string_view utf8, std::size_t& i) {
  const auto byte = static_cast<unsigned char>(utf8[i++]);
  int extra = byte >= 0xF0 && byte < 0xF8 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : 0;
  if (byte >= 0x80 && extra == 0) {
    return 0xFFFD;
  }
  char32_t cp = extra == 0 ? byte : byte & (0x3F >> extra);
  for (; extra > 0; --extra) {
    if (i >= utf8.size() || (static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) {
      return 0xFFFD;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(utf8[i++]) & 0x3F);
  }
  return cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : cp;
}


void flushBase64(std::string& out, std::vector<std::uint16_t>& units) {
  if (units.empty()) {
    return;
  }
  out += '&';
  std::uint32_t bits = 0;
  int count = 0;
  for (const auto unit : units) {
    bits = (bits << 16) | unit;
    count += 16;
    while (count >= 6) {
      count -= 6;
      out += kAlphabet[(bits >> count) & 0x3F];
    }
  }
  if (count > 0) {
    out += kAlphabet[(bits << (6 - count)) & 0x3F];
  }
  out += '-';
  units.clear();
}

}  // namespace

std::string encodeMutf7(std::string_view utf8) {
  std::string out;
  std::vector<std::uint16_t> units;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = nextCodePoint(utf8, i);
    if (cp >= 0x20 && cp <= 0x7E) {
      flushBase64(out, units);
      out += cp == '&' ? std::string("&-") : std::string(1, static_cast<char>(cp));
    } else if (cp >= 0x10000) {
      units.push_back(static_cast<std::uint16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      units.push_back(static_cast<std::uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      units.push_back(static_cast<std::uint16_t>(cp));
    }
  }
  flushBase64(out, units);
  return out;
}

std::optional<std::string> decodeMutf7(std::string_view wire) {
  std::string out;
  for (std::size_t i = 0; i < wire.size();) {
    const char c = wire[i];
    if (c != '&') {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
        return std::nullopt;  // raw 8-bit or control: not modified UTF-7
      }
      out += c;
      ++i;
      continue;
    }
    const auto end = wire.find('-', i + 1);
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    if (end == i + 1) {
      out += '&';
      i = end + 1;
      continue;
    }
    std::uint32_t bits = 0;
    int count = 0;
    std::vector<std::uint16_t> units;
    for (std::size_t k = i + 1; k < end; ++k) {
      const int value = sextet(wire[k]);
      if (value < 0) {
        return std::nullopt;
      }
      bits = (bits << 6) | static_cast<std::uint32_t>(value);
      count += 6;
      if (count >= 16) {
        count -= 16;
        units.push_back(static_cast<std::uint16_t>((bits >> count) & 0xFFFF));
      }
    }
    if (count >= 6 || (bits & ((1u << count) - 1)) != 0 || units.empty()) {
      return std::nullopt;  // leftover bits must be zero padding of fewer than 6 bits
    }
    for (std::size_t k = 0; k < units.size(); ++k) {
      char32_t cp = units[k];
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (k + 1 >= units.size() || units[k + 1] < 0xDC00 || units[k + 1] > 0xDFFF) {
          return std::nullopt;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (units[++k] - 0xDC00);
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return std::nullopt;
      } else if (cp >= 0x20 && cp <= 0x7E) {
        return std::nullopt;  // RFC 3501: printable ASCII must not be encoded
      }
      appendUtf8(out, cp);
    }
    i = end + 1;
  }
  return out;
}

std::string displayMailboxName(std::string_view wire) {
  auto decoded = decodeMutf7(wire);
  return decoded ? *decoded : std::string(wire);
}

}  // namespace oxh::codec
