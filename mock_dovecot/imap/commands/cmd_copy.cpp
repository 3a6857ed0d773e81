// COPY and UID COPY (RFC 3501 sections 6.4.7 and 6.4.8) with [COPYUID] (RFC 4315 section 3).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/copy_messages.hpp"

namespace oxh::dovecot::imap {

void cmdCopy(CommandContext& ctx) { copyOrMove(ctx, false, false); }

void cmdUidCopy(CommandContext& ctx) { copyOrMove(ctx, true, false); }

}  // namespace oxh::dovecot::imap
