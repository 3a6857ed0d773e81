#include "mock_dovecot/thread/header_decode.hpp"

#include <array>
#include <cstdint>
#include <optional>

#include "mock_dovecot/mime/charset.hpp"
#include "mock_dovecot/thread/unicode_fold.hpp"

namespace oxh::dovecot::thread {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (x >= 'a' && x <= 'z') x -= 0x20;
    if (y >= 'a' && y <= 'z') y -= 0x20;
    if (x != y) {
      return false;
    }
  }
  return true;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// RFC 2047 section 4.2 "Q": '_' is a space, =XX a byte.
std::string decodeQ(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out += ' ';
    } else if (text[i] == '=' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
               hexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// RFC 2047 section 4.1 "B"; stops at the first invalid character ("show what we got so far").
std::string decodeB(std::string_view text) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=') break;
    else continue;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// The Windows-1252 characters 0x80-0x9F (0 = undefined).
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
    0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

// Converts a single-byte charset to UTF-8; nullopt when the charset is not a known one.
std::optional<std::string> singleByteToUtf8(std::string_view charset, std::string_view bytes) {
  const bool ascii = iequals(charset, "us-ascii") || iequals(charset, "ascii");
  const bool latin1 = iequals(charset, "iso-8859-1") || iequals(charset, "latin1");
  const bool latin9 = iequals(charset, "iso-8859-15");
  const bool cp1252 = iequals(charset, "windows-1252") || iequals(charset, "cp1252");
  if (!ascii && !latin1 && !latin9 && !cp1252) {
    return std::nullopt;
  }
  std::string out;
  for (const char ch : bytes) {
    char32_t cp = static_cast<unsigned char>(ch);
    if (cp >= 0x80 && ascii) {
      cp = 0xFFFD;
    } else if (cp >= 0x80 && cp < 0xA0 && cp1252) {
      cp = kCp1252High[cp - 0x80] != 0 ? kCp1252High[cp - 0x80] : 0xFFFD;
    } else if (latin9) {
      switch (cp) {
        case 0xA4: cp = 0x20AC; break;
        case 0xA6: cp = 0x0160; break;
        case 0xA8: cp = 0x0161; break;
        case 0xB4: cp = 0x017D; break;
        case 0xB8: cp = 0x017E; break;
        case 0xBC: cp = 0x0152; break;
        case 0xBD: cp = 0x0153; break;
        case 0xBE: cp = 0x0178; break;
        default: break;
      }
    }
    mime::appendUtf8(out, cp);
  }
  return out;
}

// Appends UTF-8 `text`, through the normalizer when asked; invalid sequences become U+FFFD.
void appendText(std::string_view text, bool titlecase, std::string& out) {
  if (titlecase) {
    appendTitlecaseFolded(text, out);
    return;
  }
  // Without a normalizer Dovecot only validates (uni_utf8_get_valid_data).
  for (std::size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    const std::size_t len = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3
                                                                 : (b0 & 0xF8) == 0xF0 ? 4 : 1;
    bool valid = b0 < 0x80 || (b0 >= 0xC2 && b0 <= 0xF4 && i + len <= text.size());
    for (std::size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      if (!out.ends_with("\xEF\xBF\xBD")) {
        out += "\xEF\xBF\xBD";
      }
      ++i;
    }
  }
}

bool onlyWhitespace(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Decodes "charset?enc?text?=" (after the "=?"); returns the consumed length, 0 when invalid.
std::size_t decodeEncodedWord(std::string_view data, bool titlecase, std::string& out) {
  std::array<std::size_t, 3> marks{};
  std::size_t found = 0;
  std::size_t i = 0;
  for (; i < data.size(); ++i) {
    if (data[i] == '?') {
      marks[found++] = i;
      if (found == marks.size()) {
        break;
      }
    }
  }
  if (found < marks.size() || i + 1 >= data.size() || data[i + 1] != '=') {
    return 0;
  }
  const std::string_view charset = data.substr(0, marks[0]);
  const std::string_view text = data.substr(marks[1] + 1, marks[2] - marks[1] - 1);
  std::string bytes;
  switch (data[marks[0] + 1]) {
    case 'q':
    case 'Q': bytes = decodeQ(text); break;
    case 'b':
    case 'B': bytes = decodeB(text); break;
    default: return 0;
  }
  if (iequals(charset, "utf-8") || iequals(charset, "utf8")) {
    appendText(bytes, titlecase, out);
  } else if (auto utf8 = singleByteToUtf8(charset, bytes)) {
    appendText(*utf8, titlecase, out);
  } else {
    appendText(bytes, false, out);  // unknown charset: raw, never normalized
  }
  return marks[2] + 2;
}

}  // namespace

std::string decodeHeaderUtf8(std::string_view value, bool titlecase) {
  std::string out;
  std::size_t start = 0;
  std::size_t pos = 0;
  while (pos + 1 < value.size()) {
    if (value[pos] != '=' || value[pos + 1] != '?') {
      ++pos;
      continue;
    }
    if (pos != start && !onlyWhitespace(value.substr(start, pos - start))) {
      appendText(value.substr(start, pos - start), titlecase, out);
    }
    pos += 2;
    const std::size_t used = decodeEncodedWord(value.substr(pos), titlecase, out);
    if (used == 0) {
      start = pos - 2;
      continue;
    }
    pos += used;
    start = pos;
  }
  if (start < value.size()) {
    appendText(value.substr(start), titlecase, out);
  }
  return out;
}

}  // namespace oxh::dovecot::thread
