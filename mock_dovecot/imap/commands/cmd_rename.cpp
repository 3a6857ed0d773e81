// RENAME (RFC 3501 section 6.3.5). Texts confirmed against Dovecot 2.3.19.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdRename(CommandContext& ctx) {
  const auto strings = ctx.stringArgs(2);
  if (!strings) {
    return;
  }
  const auto from = std::optional<std::string>((*strings)[0]);
  const auto to = std::optional<std::string>((*strings)[1]);
  ImapSession& session = ctx.session;
  switch (session.store().renameMailbox(session.user(), *from, *to)) {
    case StoreError::kNone: {
      SelectedView* view = session.selected();
      const std::string oldName = canonicalMailboxName(*from);
      if (view != nullptr && (view->mailbox() == oldName || view->mailbox().rfind(oldName + "/", 0) == 0)) {
        view->rename(canonicalMailboxName(*to) + view->mailbox().substr(oldName.size()));
      }
      ctx.ok("Rename completed.");
      return;
    }
    case StoreError::kInboxCannotBeRenamed:
      ctx.no("[CANNOT] Renaming INBOX isn't supported.");
      return;
    case StoreError::kAlreadyExists:
      ctx.no("[ALREADYEXISTS] Target mailbox already exists");
      return;
    case StoreError::kNoSuchMailbox:
      ctx.no("[NONEXISTENT] Mailbox doesn't exist: " + *from);
      return;
    default:
      ctx.no("Invalid mailbox name");
      return;
  }
}

}  // namespace oxh::dovecot::imap
