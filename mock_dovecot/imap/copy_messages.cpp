#include "mock_dovecot/imap/copy_messages.hpp"

#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/message_access.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"

namespace oxh::dovecot::imap {

void copyOrMove(CommandContext& ctx, bool uid, bool move) {
  const auto strings = ctx.stringArgs(2);
  if (!strings) {
    return;
  }
  const std::string& set = (*strings)[0];
  const std::string& mailbox = (*strings)[1];
  // Nonexistent UIDs are dropped here (the set becomes sequences first).
  const auto uids = messageSetArgument(ctx, set, uid);
  if (!uids) {
    return;
  }
  ImapSession& session = ctx.session;
  if (!move && refuseOnRecreatedSelection(ctx)) {
    return;
  }
  MailStore& store = session.store();
  const auto destination = store.findMailbox(session.user(), mailbox);
  if (!destination) {
    ctx.no("[TRYCREATE] Mailbox doesn't exist: " + mailbox);
    return;
  }
  const std::string source = session.selected()->mailbox();
  const auto copied = store.copyMessages(session.user(), source, *uids, *destination);
  if (!copied || copied->second.empty()) {
    ctx.ok("No messages found.");
    return;
  }
  std::vector<std::uint32_t> from;
  std::vector<std::uint32_t> to;
  for (const auto& [sourceUid, newUid] : copied->second) {
    from.push_back(sourceUid);
    to.push_back(newUid);
  }
  const std::string code =
      "[COPYUID " + std::to_string(copied->first) + " " + formatSequenceSet(from) + " " + formatSequenceSet(to) + "]";
  if (!move) {
    ctx.ok(code + " Copy completed.");
    return;
  }
  // RFC 6851 section 4.3: COPYUID goes in an untagged OK before the EXPUNGEs, which the sync
  // point sends (for MOVE too, not only UID MOVE).
  ctx.untagged("OK " + code + " Moved UIDs.");
  store.expungeUids(session.user(), source, from);
  syncFlagChanges(ctx, true, false, {}, false);
  ctx.ok("Move completed.");
}

}  // namespace oxh::dovecot::imap
