#pragma once
// IMAP string rendering as Dovecot 2.3 does it (lib-imap imap-quote.c). RFC 3501 section 4.3
// allows quoted strings or literals; Dovecot picks a literal for any 8-bit byte or CR/LF, and
// after the fifth quoted-special ('"' or '\'), where a literal becomes shorter.
#include <optional>
#include <string>
#include <string_view>

namespace oxh::dovecot::mime {

// nstring: NIL, "quoted" or {n}\r\nliteral.
void appendNstring(std::string& out, const std::optional<std::string>& value);
void appendString(std::string& out, std::string_view value);
// Like appendNstring, but (CR)LF is dropped first (a space is put in when the next line does not
// start with whitespace), for header values that kept their folding.
void appendNstringNoLf(std::string& out, const std::optional<std::string>& value);
// Dovecot's imap_append_string_for_humans (ENVELOPE subject and display names): runs of
// whitespace/CR/LF/TAB become one space, leading and trailing whitespace goes, NUL becomes 0x80;
// a literal whenever something had to change or a '"', '\' or 8-bit byte is present.
void appendStringForHumans(std::string& out, std::string_view value);

}  // namespace oxh::dovecot::mime
