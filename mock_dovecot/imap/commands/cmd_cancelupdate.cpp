// CANCELUPDATE (RFC 5267 section 4.3) as core:src/imap/cmd-cancelupdate.c answers it: one or more
// quoted tags of RETURN (UPDATE) searches; they are cancelled in order until an unknown one
// ("NO Unknown tag.", the earlier ones stay cancelled; confirmed against Dovecot 2.3.19).
#include <algorithm>

#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdCancelupdate(CommandContext& ctx) {
  // Dovecot takes quoted strings and literals, not atoms (confirmed against Dovecot 2.3.19:
  // CANCELUPDATE a1 is "Invalid parameters.").
  if (ctx.args.empty() || !std::all_of(ctx.args.begin(), ctx.args.end(), [](const ImapArg& arg) {
        return arg.isString();
      })) {
    ctx.commandError("Invalid parameters.");
    return;
  }
  SelectedView* view = ctx.session.selected();
  for (const auto& arg : ctx.args) {
    if (view == nullptr || !view->searchUpdates().cancel(arg.value)) {
      ctx.no("Unknown tag.");
      return;
    }
  }
  ctx.ok("Updates cancelled.");
}

}  // namespace oxh::dovecot::imap
