// DELETE (RFC 3501 section 6.3.4). Texts confirmed against Dovecot 2.3.19.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdDelete(CommandContext& ctx) {
  const auto strings = ctx.stringArgs(1);
  if (!strings) {
    return;
  }
  const auto name = std::optional<std::string>((*strings)[0]);
  ImapSession& session = ctx.session;
  const std::string canonical = canonicalMailboxName(*name);
  if (session.selected() != nullptr && session.selected()->mailbox() == canonical) {
    session.unselect();  // Dovecot's cmd-delete.c closes the mailbox first
  }
  switch (session.store().deleteMailbox(session.user(), *name)) {
    case StoreError::kNone:
      ctx.ok("Delete completed.");
      return;
    case StoreError::kInboxCannotBeDeleted:
      ctx.no("INBOX can't be deleted.");
      return;
    default:
      ctx.no("[NONEXISTENT] Mailbox doesn't exist: " + *name);
      return;
  }
}

}  // namespace oxh::dovecot::imap
