#pragma once
// RFC 2047 encoded-word decoding the way Dovecot's message_header_decode_utf8() does it, with an
// optional titlecase normalizer (unicode_fold.hpp) applied to every decoded piece. Kept inside
// the thread module because sort keys need the normalized form, which the MIME module's
// decodeHeaderValue() does not produce.
// Dovecot specifics mirrored here (core:src/lib-mail/message-header-decode.c):
//  - "=?" starts an encoded word anywhere, not only after whitespace (RFC 2047 section 5 says
//    it must be a separate word);
//  - text that is only whitespace is dropped when an encoded word follows it, also at the start;
//  - an unknown charset appends the raw bytes unnormalized (invalid UTF-8 -> U+FFFD).
// Supported charsets: UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15, WINDOWS-1252.
// Thread: pure functions.
#include <string>
#include <string_view>

namespace oxh::dovecot::thread {

std::string decodeHeaderUtf8(std::string_view value, bool titlecase);

}  // namespace oxh::dovecot::thread
