#include "runner/report/report_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <system_error>

namespace oxh::runner {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct ByteRange {
  unsigned char low;
  unsigned char high;
};

// Length of a well-formed sequence starting at `lead` and the allowed range of its second
// byte (RFC 3629 section 4); 0 when `lead` can never start a sequence.
struct LeadInfo {
  std::size_t length;
  ByteRange second;
};

LeadInfo leadInfo(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return {2, {0x80, 0xBF}};
  if (lead == 0xE0) return {3, {0xA0, 0xBF}};  // excludes overlong forms
  if (lead == 0xED) return {3, {0x80, 0x9F}};  // excludes surrogates
  if (lead >= 0xE1 && lead <= 0xEF) return {3, {0x80, 0xBF}};
  if (lead == 0xF0) return {4, {0x90, 0xBF}};  // excludes overlong forms
  if (lead >= 0xF1 && lead <= 0xF3) return {4, {0x80, 0xBF}};
  if (lead == 0xF4) return {4, {0x80, 0x8F}};  // excludes > U+10FFFF
  return {0, {0, 0}};
}

}  // namespace

std::string toValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      out += static_cast<char>(lead);
      ++i;
      continue;
    }
    const LeadInfo info = leadInfo(lead);
    if (info.length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    // Count how many bytes after the lead are valid; stop at the first one that is not.
    std::size_t valid = 1;
    while (valid < info.length && i + valid < text.size()) {
      const auto byte = static_cast<unsigned char>(text[i + valid]);
      const ByteRange range = valid == 1 ? info.second : ByteRange{0x80, 0xBF};
      if (byte < range.low || byte > range.high) {
        break;
      }
      ++valid;
    }
    if (valid == info.length) {
      out.append(text.substr(i, valid));
    } else {
      out += kReplacement;  // the lead plus its valid continuation bytes are one maximal subpart
    }
    i += valid;
  }
  return out;
}

double reportedSeconds(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    return 0;
  }
  return seconds;
}

std::string formatSeconds(double seconds) {
  std::array<char, 400> buffer{};  // DBL_MAX in fixed notation has 309 digits
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), reportedSeconds(seconds), std::chars_format::fixed, 3);
  if (ec != std::errc()) {
    return "0.000";  // unreachable with 400 characters; keeps the report writable regardless
  }
  return {buffer.data(), end};
}

}  // namespace oxh::runner
