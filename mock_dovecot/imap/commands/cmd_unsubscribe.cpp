// UNSUBSCRIBE (RFC 3501 section 6.3.7): fine even for a missing mailbox (confirmed against
// Dovecot 2.3.19).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdUnsubscribe(CommandContext& ctx) {
  const auto name = ctx.args.size() == 1 ? ctx.args[0].astring() : std::nullopt;
  if (!name) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  (void)ctx.session.store().setSubscribed(ctx.session.user(), *name, false);
  ctx.ok("Unsubscribe completed.");
}

}  // namespace oxh::dovecot::imap
