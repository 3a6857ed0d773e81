#include "mock_dovecot/thread/unicode_fold.hpp"

#include <algorithm>

namespace oxh::dovecot::thread {
namespace {

constexpr char32_t kHangulFirst = 0xAC00;
constexpr char32_t kHangulLast = 0xD7A3;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

const detail::FoldEntry* findEntry(char32_t cp) {
  const auto* begin = detail::kFoldTable;
  const auto* end = detail::kFoldTable + detail::kFoldTableSize;
  const auto* it = std::lower_bound(begin, end, cp, [](const detail::FoldEntry& e, char32_t c) {
    return e.codePoint < c;
  });
  return it != end && it->codePoint == cp ? it : nullptr;
}

char32_t titlecase(char32_t cp) {
  if (cp < 0x80) {
    return cp >= 'a' && cp <= 'z' ? cp - 0x20 : cp;
  }
  const auto* e = findEntry(cp);
  return e != nullptr && e->kind == 0 ? e->values[0] : cp;
}

// Decodes one UTF-8 sequence; returns its length, 0 when invalid (like uni_utf8_get_char_n:
// overlong forms, surrogates and values above U+10FFFF are invalid).
std::size_t decodeUtf8(std::string_view s, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < len) {
    return 0;
  }
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

void appendReplacement(std::string& out) {
  if (!out.ends_with(kReplacement)) {
    out += kReplacement;
  }
}

}  // namespace

void appendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void appendTitlecaseFolded(std::string_view input, std::string& out) {
  while (!input.empty()) {
    char32_t cp = 0;
    const std::size_t len = decodeUtf8(input, cp);
    if (len == 0) {
      appendReplacement(out);
      input.remove_prefix(1);
      continue;
    }
    input.remove_prefix(len);
    cp = titlecase(cp);
    if (cp >= kHangulFirst && cp <= kHangulLast) {
      // Unicode 3.12 conjoining jamo decomposition, as Dovecot does it.
      const char32_t index = cp - kHangulFirst;
      appendUtf8(0x1100 + index / (21 * 28), out);
      appendUtf8(0x1161 + (index % (21 * 28)) / 28, out);
      if (index % 28 != 0) {
        appendUtf8(0x11A7 + index % 28, out);
      }
      continue;
    }
    const auto* e = cp < 0x80 ? nullptr : findEntry(cp);
    if (e == nullptr || e->kind != 1) {
      appendUtf8(cp, out);
      continue;
    }
    for (const std::uint32_t v : e->values) {
      if (v == 0) {
        break;
      }
      appendUtf8(v, out);
    }
  }
}

std::string titlecaseFolded(std::string_view input) {
  std::string out;
  appendTitlecaseFolded(input, out);
  return out;
}

}  // namespace oxh::dovecot::thread
