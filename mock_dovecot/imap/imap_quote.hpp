#pragma once
// Writing IMAP values the way Dovecot writes them (core:src/lib-imap/imap-quote.c,
// imap-util.c): astrings as atoms when possible, quoted otherwise, literals for CR/LF/8-bit;
// flag lists in Dovecot's order. Thread: free functions.
#include <string>
#include <string_view>
#include <vector>

#include "mock_dovecot/store/mailbox.hpp"

namespace oxh::dovecot::imap {

std::string astring(std::string_view value);
std::string quoted(std::string_view value);  // quoted, or a literal when it must be
std::string literal(std::string_view value);  // "{n}\r\n" + value
// "\Seen \Recent $cl_1" (no parentheses): system flags, then \Recent, then keywords.
std::string flagList(const MessageFlags& flags, bool recent);
// Parses flags from an APPEND/STORE list; false with `error` ("Invalid system flag \FOO")
// for unknown system flags or \Recent, as Dovecot (confirmed against Dovecot 2.3.19).
bool parseFlag(std::string_view word, MessageFlags& flags, std::string& error);

}  // namespace oxh::dovecot::imap
