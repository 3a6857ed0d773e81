// MOVE and UID MOVE (RFC 6851): "* OK [COPYUID ...] Moved UIDs.", the EXPUNGEs, then
// "OK Move completed." (core:src/imap/cmd-copy.c).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/copy_messages.hpp"

namespace oxh::dovecot::imap {

void cmdMove(CommandContext& ctx) { copyOrMove(ctx, false, true); }

void cmdUidMove(CommandContext& ctx) { copyOrMove(ctx, true, true); }

}  // namespace oxh::dovecot::imap
