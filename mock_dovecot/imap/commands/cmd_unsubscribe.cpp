// UNSUBSCRIBE (RFC 3501 section 6.3.7): fine even for a missing mailbox (confirmed against
// Dovecot 2.3.19).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdUnsubscribe(CommandContext& ctx) {
  const auto strings = ctx.stringArgs(1);
  if (!strings) {
    return;
  }
  const auto name = std::optional<std::string>((*strings)[0]);
  (void)ctx.session.store().setSubscribed(ctx.session.user(), *name, false);
  ctx.ok("Unsubscribe completed.");
}

}  // namespace oxh::dovecot::imap
