// CLOSE (RFC 3501 section 6.4.2): expunges \Deleted messages silently (no EXPUNGE
// responses) unless the mailbox is read-only, then leaves the selected state.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"

namespace oxh::dovecot::imap {

void cmdClose(CommandContext& ctx) {
  SelectedView* view = ctx.session.selected();
  if (selectionRecreated(ctx.session)) {
    ctx.untagged("NO " + internalErrorText());  // nothing expunged (recreated_selection.hpp)
  } else if (!view->readOnly()) {
    ctx.session.store().expunge(ctx.session.user(), view->mailbox());
  }
  ctx.session.unselect();
  ctx.ok("Close completed.");
}

}  // namespace oxh::dovecot::imap
