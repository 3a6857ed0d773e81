// UID EXPUNGE (RFC 4315 section 2.1): expunges the \Deleted messages among the given UIDs.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"

namespace oxh::dovecot::imap {

void cmdUidExpunge(CommandContext& ctx) {
  if (ctx.args.empty() || !ctx.args[0].isAtom()) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  const auto uids = messageSetArgument(ctx, ctx.args[0].value, true);
  if (!uids) {
    return;
  }
  SelectedView* view = ctx.session.selected();
  if (!view->readOnly() && !uids->empty() && !selectionRecreated(ctx.session)) {
    ctx.session.store().expunge(ctx.session.user(), view->mailbox(), *uids);
  }
  ctx.ok("Expunge completed.");
}

}  // namespace oxh::dovecot::imap
