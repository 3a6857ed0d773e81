#pragma once
// IMAP mailbox names on the wire are modified UTF-7 (RFC 3501 5.1.3): printable US-ASCII stands
// for itself, "&" is "&-", everything else is UTF-16 in modified BASE64 ("," for "/", no
// padding) between "&" and "-": "Entwürfe" <-> "Entw&APw-rfe". App Suite shows and takes the
// decoded names (JavaMail decodes IMAP folder names), so the fake facade converts at its edge:
// folder ids and titles decoded, IMAP commands encoded. The fake Dovecot refuses a CREATE whose
// name is not valid modified UTF-7, as Dovecot 2.3.19 does.
// Thread: pure functions.
#include <optional>
#include <string>
#include <string_view>

namespace oxh::codec {

// UTF-8 -> modified UTF-7. Invalid UTF-8 bytes are encoded as U+FFFD.
std::string encodeMutf7(std::string_view utf8);
// Modified UTF-7 -> UTF-8; nullopt when `wire` is not valid modified UTF-7 (bad BASE64, a
// shift to encode printable ASCII, an unpaired surrogate, a missing "-").
std::optional<std::string> decodeMutf7(std::string_view wire);
// decodeMutf7, or the name unchanged when it is not valid modified UTF-7 (a server that sends
// raw UTF-8 names).
std::string displayMailboxName(std::string_view wire);

}  // namespace oxh::codec
