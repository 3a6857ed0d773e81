#pragma once
// RFC 3501 date-time ("17-Jul-1996 02:44:25 -0700") to Unix seconds and back.
// Thread: free functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oxh::dovecot::imap {

std::optional<std::int64_t> parseImapDateTime(std::string_view text);
// "17-Jul-1996 02:44:25 +0000" (UTC).
std::string formatImapDateTime(std::int64_t unixSeconds);

}  // namespace oxh::dovecot::imap
