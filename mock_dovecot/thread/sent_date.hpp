#pragma once
// Date: header to Unix seconds the way Dovecot's message_date_parse() reads it
// (core:src/lib-mail/message-date.c): "[Wdy ,] d[d] Mon [yy]yy h[h]:mm[:ss] [zone]", '.' also
// accepted as time separator, unknown zones count as +0000, two-digit years < 70 are 20xx.
// nullopt when it cannot be parsed (SORT and THREAD then use the INTERNALDATE, RFC 5256
// section 2.2).
// Thread: pure functions.
#include <cstdint>
#include <optional>
#include <string_view>

namespace oxh::dovecot::thread {

std::optional<std::int64_t> parseSentDate(std::string_view value);

}  // namespace oxh::dovecot::thread
