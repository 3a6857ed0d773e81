#pragma once
// Charset conversion to UTF-8 for RFC 2047 words and text bodies. UTF-8/US-ASCII are validated
// (invalid bytes become U+FFFD, as Dovecot's uni_utf8_get_valid_data does); ISO-8859-1/-15 and
// windows-1252 are converted here; other charsets go through glibc iconv.
#include <string>
#include <string_view>

#include "common/codec/utf8.hpp"

namespace oxh::dovecot::mime {

// Converts `data` in `charset` to UTF-8. An unknown charset is treated as UTF-8.
std::string toUtf8(std::string_view data, std::string_view charset);
// Appends the UTF-8 encoding of a code point (common/codec/utf8.hpp).
using codec::appendUtf8;
// Bytes of the UTF-8 sequence starting with `lead` (1 for invalid leads).
std::size_t utf8SequenceLength(unsigned char lead);

}  // namespace oxh::dovecot::mime
