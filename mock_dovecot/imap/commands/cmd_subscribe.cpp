// SUBSCRIBE (RFC 3501 section 6.3.6): refused for a missing mailbox (confirmed against
// Dovecot 2.3.19: "NO Mailbox doesn't exist: X").
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdSubscribe(CommandContext& ctx) {
  const auto strings = ctx.stringArgs(1);
  if (!strings) {
    return;
  }
  const auto name = std::optional<std::string>((*strings)[0]);
  if (ctx.session.store().setSubscribed(ctx.session.user(), *name, true) != StoreError::kNone) {
    ctx.no("Mailbox doesn't exist: " + *name);
    return;
  }
  ctx.ok("Subscribe completed.");
}

}  // namespace oxh::dovecot::imap
