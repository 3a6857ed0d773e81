// EXPUNGE (RFC 3501 section 6.4.3): the EXPUNGE responses come from the sync point.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"

namespace oxh::dovecot::imap {

void cmdExpunge(CommandContext& ctx) {
  SelectedView* view = ctx.session.selected();
  if (!view->readOnly() && !selectionRecreated(ctx.session)) {
    ctx.session.store().expunge(ctx.session.user(), view->mailbox());
  }
  ctx.ok("Expunge completed.");
}

}  // namespace oxh::dovecot::imap
