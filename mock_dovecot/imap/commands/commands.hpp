#pragma once
// Declarations of every command handler listed in command_list.inc, plus the literal checks
// of the commands that stream big literals (APPEND, SETMETADATA).
#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/command_table.hpp"

namespace oxh::dovecot::imap {

#define OXH_IMAP_COMMAND(name, handler, states, sync, literalCheck) void handler(CommandContext& ctx);
#include "mock_dovecot/imap/commands/command_list.inc"
#undef OXH_IMAP_COMMAND

LiteralVerdict appendLiteralCheck(ImapSession& session, const LiteralRequest& request);
LiteralVerdict setmetadataLiteralCheck(ImapSession& session, const LiteralRequest& request);

}  // namespace oxh::dovecot::imap
