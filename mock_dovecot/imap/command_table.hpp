#pragma once
// The command table: every IMAP command the fake answers, one handler per file in
// imap/commands/cmd_<name>.cpp.
//
// To add a command: write imap/commands/cmd_<name>.cpp defining `void cmd<Name>(CommandContext&)`
// in namespace oxh::dovecot::imap, and add one OXH_IMAP_COMMAND line to
// imap/commands/command_list.inc. (An explicit list rather than static self-registration:
// the library is static, and the linker drops object files nobody references.)
// Thread: the table is immutable.
#include <string_view>

#include "mock_dovecot/imap/command_parser.hpp"

namespace oxh::dovecot::imap {

class CommandContext;
class ImapSession;

using CommandHandler = void (*)(CommandContext&);
// Optional: decides on a literal of this command before any of its bytes is read.
using LiteralCheck = LiteralVerdict (*)(ImapSession&, const LiteralRequest&);

// Where a command exists. Dovecot's imap-login answers the not-authenticated state and the
// imap process the others, so the two sets hardly overlap (confirmed against Dovecot 2.3.19).
enum CommandState : unsigned {
  kNotAuthenticated = 1U << 0U,
  kAuthenticated = 1U << 1U,  // also valid in the selected state
  kSelectedOnly = 1U << 2U,   // needs a selected mailbox: "BAD No mailbox selected."
  kAnyState = kNotAuthenticated | kAuthenticated,
  // After login the command never reads its arguments, so a syntax error in them goes
  // unnoticed (Dovecot parses lazily: "NOOP (" is answered "OK NOOP completed.",
  // confirmed against Dovecot 2.3.19). imap-login always parses the whole line.
  kIgnoresArgs = 1U << 3U,
};

// How the sync point after the command behaves.
enum class SyncMode {
  kFull,         // EXPUNGE, FETCH FLAGS, EXISTS, RECENT
  kNoExpunge,    // RFC 3501 section 7.4.1: FETCH, STORE, SEARCH (not their UID forms)
  kNone,         // no untagged updates (LOGOUT, CAPABILITY before login, ...)
};

struct CommandSpec {
  std::string_view name;  // upper case; "UID FETCH" for UID forms
  CommandHandler handler;
  unsigned states;
  SyncMode sync;
  LiteralCheck literalCheck;  // nullptr: Dovecot's generic line-length limit
};

// nullptr when no command has this name (case-insensitive).
const CommandSpec* findCommand(std::string_view name);

}  // namespace oxh::dovecot::imap
