#include "mock_dovecot/mime/charset.hpp"

#include <cerrno>
#include <iconv.h>
#include <strings.h>

namespace oxh::dovecot::mime {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// windows-1252 0x80..0x9F (0 = undefined, kept as U+FFFD).
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

char32_t latin9(unsigned char c) {
  switch (c) {
    case 0xA4: return 0x20AC;
    case 0xA6: return 0x0160;
    case 0xA8: return 0x0161;
    case 0xB4: return 0x017D;
    case 0xB8: return 0x017E;
    case 0xBC: return 0x0152;
    case 0xBD: return 0x0153;
    case 0xBE: return 0x0178;
    default: return c;
  }
}

bool isOneOf(std::string_view cs, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    std::string_view v(n);
    if (cs.size() == v.size() && strncasecmp(cs.data(), n, v.size()) == 0) return true;
  }
  return false;
}

std::string validUtf8(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  std::size_t i = 0;
  while (i < data.size()) {
    unsigned char c = static_cast<unsigned char>(data[i]);
    std::size_t len = utf8SequenceLength(c);
    bool ok = c < 0x80 || (len > 1 && i + len <= data.size());
    char32_t cp = 0;
    if (ok && len > 1) {
      cp = c & (0xFF >> (len + 1));
      for (std::size_t k = 1; k < len && ok; ++k) {
        unsigned char cc = static_cast<unsigned char>(data[i + k]);
        ok = (cc & 0xC0) == 0x80;
        cp = (cp << 6) | (cc & 0x3F);
      }
      // Overlong forms, surrogates and values past U+10FFFF are invalid.
      static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = ok && cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (!ok) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(data.substr(i, len));
    i += len;
  }
  return out;
}

std::string viaIconv(std::string_view data, std::string_view charset, bool* known) {
  std::string name(charset);
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    *known = false;
    return {};
  }
  *known = true;
  std::string out;
  std::string in(data);
  char* inp = in.data();
  std::size_t inLeft = in.size();
  char buf[4096];
  while (inLeft > 0) {
    char* outp = buf;
    std::size_t outLeft = sizeof(buf);
    std::size_t r = iconv(cd, &inp, &inLeft, &outp, &outLeft);
    out.append(buf, static_cast<std::size_t>(outp - buf));
    if (r == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) continue;
      // EILSEQ or a truncated sequence at the end: one replacement character, skip one byte.
      out += kReplacement;
      ++inp;
      --inLeft;
    }
  }
  iconv_close(cd);
  return out;
}

}  // namespace

std::size_t utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 1;
}


std::string toUtf8(std::string_view data, std::string_view charset) {
  if (charset.empty() || isOneOf(charset, {"utf-8", "utf8", "us-ascii", "ascii"})) return validUtf8(data);
  bool latin1 = isOneOf(charset, {"iso-8859-1", "iso8859-1", "latin1", "iso_8859-1"});
  bool latin9Set = isOneOf(charset, {"iso-8859-15", "iso8859-15", "latin9"});
  bool cp1252 = isOneOf(charset, {"windows-1252", "cp1252"});
  if (latin1 || latin9Set || cp1252) {
    std::string out;
    for (char ch : data) {
      unsigned char c = static_cast<unsigned char>(ch);
      char32_t cp = c;
      if (latin9Set) cp = latin9(c);
      if (cp1252 && c >= 0x80 && c < 0xA0) cp = kCp1252High[c - 0x80];
      if (cp == 0 && c != 0) {
        out += kReplacement;
      } else {
        appendUtf8(out, cp);
      }
    }
    return out;
  }
  bool known = false;
  std::string out = viaIconv(data, charset, &known);
  return known ? out : validUtf8(data);
}

}  // namespace oxh::dovecot::mime
