// CHECK (RFC 3501 section 6.4.1): only a sync point here.
#include "mock_dovecot/imap/commands/commands.hpp"

namespace oxh::dovecot::imap {

void cmdCheck(CommandContext& ctx) { ctx.ok("Check completed."); }

}  // namespace oxh::dovecot::imap
