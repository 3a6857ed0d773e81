// STATUS (RFC 3501 section 6.3.10). Texts confirmed against Dovecot 2.3.19.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/status_items.hpp"

namespace oxh::dovecot::imap {

void cmdStatus(CommandContext& ctx) {
  const auto name = ctx.args.size() == 2 ? ctx.args[0].astring() : std::nullopt;
  if (!name || !ctx.args[1].isList()) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  if (auto error = validateStatusItems(ctx.args[1])) {
    ctx.commandError(*error);
    return;
  }
  const auto canonical = ctx.session.store().findMailbox(ctx.session.user(), *name);
  const auto line = canonical ? statusLine(ctx.session, *canonical, ctx.args[1]) : std::nullopt;
  if (!line) {
    ctx.no("Mailbox doesn't exist: " + *name);
    return;
  }
  ctx.untagged(*line);
  const SelectedView* view = ctx.session.selected();
  if (view != nullptr && view->mailbox() == *canonical) {
    // Answered from the session's view, without a sync point (confirmed against Dovecot 2.3.19:
    // the pending EXPUNGE/EXISTS come only at the next NOOP).
    ctx.skipSync();
    ctx.ok("[CLIENTBUG] Status on selected mailbox completed.");
    return;
  }
  ctx.ok("Status completed.");
}

}  // namespace oxh::dovecot::imap
