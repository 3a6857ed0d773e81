// CAPABILITY (RFC 3501 section 6.1.1).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdCapability(CommandContext& ctx) {
  ctx.untagged("CAPABILITY " + ctx.session.capabilities());
  if (ctx.session.state() == SessionState::kNotAuthenticated) {
    // imap-login-client.c cmd_capability: after this the LOGIN reply carries an untagged
    // CAPABILITY instead of the [CAPABILITY] code; only before STARTTLS.
    if (!ctx.session.didStartTls) {
      ctx.session.sentPreLoginCapability = true;
    }
    ctx.ok("Pre-login capabilities listed, post-login capabilities have more.");
    return;
  }
  ctx.ok("Capability completed.");
}

}  // namespace oxh::dovecot::imap
