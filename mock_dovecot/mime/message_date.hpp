#pragma once
// RFC 5322 section 3.3 date parsing (with the obsolete forms of section 4.3: two-digit years,
// named zones UT/GMT/EST..PDT and military letters) as Dovecot 2.3's message-date.c does it.
#include <cstdint>
#include <optional>
#include <string_view>

namespace oxh::dovecot::mime {

// Unix seconds (UTC), nullopt when unparsable. Unknown zones count as +0000 (Dovecot: "better
// to give a mostly correct reply"); military zones use their real offsets, not RFC 822's.
std::optional<std::int64_t> parseMessageDate(std::string_view value);

}  // namespace oxh::dovecot::mime
