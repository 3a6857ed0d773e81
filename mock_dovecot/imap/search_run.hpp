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

namespace oxh::dovecot::imap {

class CommandContext;

// Parses the program from args[start..] with `charset` (already read by the caller); answers
// "BAD ... Missing search parameters", "NO [BADCHARSET] ..." or the parse error itself.
std::optional<SearchProgram> searchProgramArgument(CommandContext& ctx, std::size_t start, const std::string& charset);

// UIDs (ascending, as in the view) of the messages the program matches.
std::vector<std::uint32_t> runSearch(const SearchProgram& program, MessageAccess& access);

}  // namespace oxh::dovecot::imap
