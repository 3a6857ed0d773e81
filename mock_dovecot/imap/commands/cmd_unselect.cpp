// UNSELECT (RFC 3691): leaves the selected state without expunging.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdUnselect(CommandContext& ctx) {
  ctx.session.unselect();
  ctx.ok("Unselect completed.");
}

}  // namespace oxh::dovecot::imap
