#pragma once
// FETCH modifiers (RFC 4466 section 2.4): CHANGEDSINCE (RFC 7162 section 3.1.4) and, for UID
// FETCH with QRESYNC enabled, VANISHED (RFC 7162 section 3.2.6), with Dovecot 2.3.19's error
// texts (core:src/imap/cmd-fetch.c). Also the number reader the FETCH parser shares.
// Thread: free functions.
#include <cstdint>
#include <string>
#include <vector>

#include "mock_dovecot/imap/fetch_items.hpp"
#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

// str_parse_uoff: at least one digit from `pos` on, no wrap-around past INT64_MAX; advances `pos`.
bool parseUoff(const std::string& text, std::size_t& pos, std::uint64_t& value);

// Applies the modifier list to `request` (changedSince, modseq, vanished). On failure `error` is
// Dovecot's text for "BAD Error in IMAP command FETCH: <error>".
bool parseFetchModifiers(const std::vector<ImapArg>& modifiers, bool uid, bool qresync, FetchRequest& request,
                         std::string& error);

}  // namespace oxh::dovecot::imap
