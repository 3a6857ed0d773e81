#pragma once
// imaptest-like matching of IMAP responses against patterns written in scenarios:
//   "* $n EXISTS"                        $name captures one token (equal when already bound)
//   "* OK [UIDVALIDITY $uidvalidity] ..."  "..." matches the rest of a line or list
//   "* FLAGS (\Seen \Answered)"           lists match in any order unless ordered
//   "* METADATA \"\" (/private/x \"v\")"   quoted strings, atoms and literals compare by value
// Atoms compare case-insensitively (IMAP keywords and flags are), strings exactly. "$" alone
// matches any one token without capturing.
// Thread: pure functions.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace oxh::clients::imap {

using Captures = std::map<std::string, std::string>;

struct MatchOptions {
  bool ordered = false;  // lists must match element by element
};

// The captures of a successful match (including `bound`), or nullopt.
std::optional<Captures> matchResponse(std::string_view pattern, std::string_view response,
                                      const Captures& bound = {}, MatchOptions options = {});

}  // namespace oxh::clients::imap
