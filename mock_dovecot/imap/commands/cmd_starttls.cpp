// STARTTLS (RFC 3501 section 6.2.1). Texts from login-common/client-common.c client_cmd_starttls.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdStarttls(CommandContext& ctx) {
  if (ctx.session.options().secured) {
    ctx.bad("TLS is already active.");
    return;
  }
  if (!ctx.session.options().startTlsAvailable || !ctx.session.profile().startTls) {
    ctx.bad("TLS support isn't enabled.");  // confirmed against Dovecot 2.3.19 (ssl = no)
    return;
  }
  ctx.ok("Begin TLS negotiation now.");
  ctx.session.requestStartTls();
}

}  // namespace oxh::dovecot::imap
