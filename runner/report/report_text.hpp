#pragma once
// Text and number helpers shared by the report writers. Results carry raw protocol bytes
// (transcripts, server messages), which neither XML nor JSON parsers accept unless cleaned.
// Thread: pure functions.
#include <string>
#include <string_view>

namespace oxh::runner {

// Returns `text` as well-formed UTF-8: each maximal invalid subpart (stray continuation byte,
// truncated sequence, overlong form, surrogate, code point above U+10FFFF) becomes U+FFFD,
// as the Unicode standard (ch. 3, "U+FFFD Substitution of Maximal Subparts") recommends.
[[nodiscard]] std::string toValidUtf8(std::string_view text);

// Durations in reports: never negative, never NaN/inf (JSON has no NaN; JUnit parsers choke).
[[nodiscard]] double reportedSeconds(double seconds);

// "1.234": three decimals, '.' whatever the process locale is.
[[nodiscard]] std::string formatSeconds(double seconds);

}  // namespace oxh::runner
