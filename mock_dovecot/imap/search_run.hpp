#pragma once
// Shared by SEARCH, SORT and THREAD: reading "[CHARSET x] <search program>" from a command's
// arguments with Dovecot's answers to bad input (imap_search_args_build), and running the
// program over the selected mailbox.
// Thread: the session's.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mock_dovecot/imap/message_access.hpp"
#include "mock_dovecot/imap/search_program.hpp"
#include "mock_dovecot/imap/search_return.hpp"

namespace oxh::dovecot::imap {

class CommandContext;

// Parses the program from args[start..] with `charset` (already read by the caller); answers
// "BAD ... Missing search parameters", "NO [BADCHARSET] ..." or the parse error itself.
// "$" keys get the selection's saved result (RFC 5182; no SAVE yet: nothing). `save` (RETURN
// (SAVE)): the saved result is emptied after "$" was read, and on BADCHARSET, as
// imap_search_args_build does; the caller saves the new result.
std::optional<SearchProgram> searchProgramArgument(CommandContext& ctx, std::size_t start, const std::string& charset,
                                                   bool save = false);

// UIDs (ascending, as in the view) of the messages the program matches.
std::vector<std::uint32_t> runSearch(const SearchProgram& program, MessageAccess& access);

// The answer of SEARCH/SORT for the matched UIDs in result order (imap_search_start and
// cmd_search_more): "* NO [NOUPDATE ...]" past Dovecot's limit of UPDATE searches, the
// SEARCH/SORT/ESEARCH line, the SAVE result kept, the UPDATE search registered. Does not send
// the tagged reply.
void answerSearch(CommandContext& ctx, SearchReturn options, const SearchProgram& program,
                  const std::vector<std::uint32_t>& orderedUids, MessageAccess& access, bool uid, bool sorting);

}  // namespace oxh::dovecot::imap
