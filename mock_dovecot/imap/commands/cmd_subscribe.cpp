// SUBSCRIBE (RFC 3501 section 6.3.6): refused for a missing mailbox (confirmed against
// Dovecot 2.3.19: "NO Mailbox doesn't exist: X").
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdSubscribe(CommandContext& ctx) {
  const auto name = ctx.args.size() == 1 ? ctx.args[0].astring() : std::nullopt;
  if (!name) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  if (ctx.session.store().setSubscribed(ctx.session.user(), *name, true) != StoreError::kNone) {
    ctx.no("Mailbox doesn't exist: " + *name);
    return;
  }
  ctx.ok("Subscribe completed.");
}

}  // namespace oxh::dovecot::imap
