// LOGOUT (RFC 3501 section 6.1.3).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdLogout(CommandContext& ctx) {
  ctx.untagged("BYE Logging out");
  ctx.skipSync();
  ctx.ok("Logout completed.");
  ctx.session.logout();
}

}  // namespace oxh::dovecot::imap
