#pragma once
// Message-ID extraction for THREAD as Dovecot does it (message_id_get_next in
// core:src/lib-mail/message-id.c): a token is "<" ... ">" containing "@"; whitespace inside is
// removed; tokens with quotes or comments go through an RFC 5322 msg-id parse; anything else
// (no brackets, no "@") is skipped. IDs compare case-sensitively (RFC 5256 section 3 says so too).
// Thread: pure functions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::dovecot::thread {

// Reads the next valid message ID from `rest` and advances it; nullopt when none is left.
std::optional<std::string> nextMessageId(std::string_view& rest);

// Every valid message ID of a header value, in order.
std::vector<std::string> allMessageIds(std::string_view value);

}  // namespace oxh::dovecot::thread
