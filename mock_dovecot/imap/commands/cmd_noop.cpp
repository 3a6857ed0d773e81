// NOOP (RFC 3501 section 6.1.2): a sync point, nothing else.
#include "mock_dovecot/imap/commands/commands.hpp"

namespace oxh::dovecot::imap {

void cmdNoop(CommandContext& ctx) { ctx.ok("NOOP completed."); }

}  // namespace oxh::dovecot::imap
