// EXAMINE (RFC 3501 section 6.3.2): SELECT, read-only.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/select_mailbox.hpp"

namespace oxh::dovecot::imap {

void cmdExamine(CommandContext& ctx) { selectMailbox(ctx, true); }

}  // namespace oxh::dovecot::imap
