#pragma once
// Appending a Unicode code point as UTF-8, shared by the modified UTF-7 codec and the fake
// Dovecot's MIME charset conversion. Thread: pure function.
#include <string>

namespace oxh::codec {

// Appends the UTF-8 encoding of `cp` (callers pass valid scalar values; U+FFFD for bad input).
void appendUtf8(std::string& out, char32_t cp);

}  // namespace oxh::codec
