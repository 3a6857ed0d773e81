#include "mock_dovecot/thread/unicode_fold.hpp"

#include <algorithm>

#include "mock_dovecot/mime/charset.hpp"

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
      mime::appendUtf8(out, 0x1100 + index / (21 * 28));
      mime::appendUtf8(out, 0x1161 + (index % (21 * 28)) / 28);
      if (index % 28 != 0) {
        mime::appendUtf8(out, 0x11A7 + index % 28);
      }
      continue;
    }
    const auto* e = cp < 0x80 ? nullptr : findEntry(cp);
    if (e == nullptr || e->kind != 1) {
      mime::appendUtf8(out, cp);
      continue;
    }
    for (const std::uint32_t v : e->values) {
      if (v == 0) {
        break;
      }
      mime::appendUtf8(out, v);
    }
  }
}

std::string titlecaseFolded(std::string_view input) {
  std::string out;
  appendTitlecaseFolded(input, out);
  return out;
}

}  // namespace oxh::dovecot::thread
