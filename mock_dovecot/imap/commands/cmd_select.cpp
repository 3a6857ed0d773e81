// SELECT (RFC 3501 section 6.3.1; RFC 7162 CONDSTORE parameter).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/select_mailbox.hpp"

namespace oxh::dovecot::imap {

void cmdSelect(CommandContext& ctx) { selectMailbox(ctx, false); }

}  // namespace oxh::dovecot::imap
