// The session's view of other sessions' changes: untagged EXISTS/EXPUNGE/FETCH FLAGS when a
// command may report them (RFC 3501 7.4.1, 5.2), deferred tagged answers, IDLE wake-ups.
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void ImapSession::sync(SyncMode mode) {
  if (!selected_ || mode == SyncMode::kNone) {
    return;
  }
  auto now = store_.snapshot(user_, selected_->mailbox());
  if (!now) {
    // Dovecot disconnects a client whose selected mailbox vanished (imap-sync.c).
    fatal("Selected mailbox was deleted, have to disconnect.");
    return;
  }
  if (now->uidValidity != selected_->uidValidity()) {
    // A changed UIDVALIDITY resets Dovecot's index, which makes the session's view
    // inconsistent (imap-sync.c imap_sync_finish). Confirmed against Dovecot 2.3.19 with
    // `doveadm mailbox update --uid-validity`: an idling session is not woken and its DONE is
    // answered "OK Idle completed"; the next command's sync point sends this BYE (not
    // "Mailbox UIDVALIDITY changed") and closes without a tagged reply.
    if (!idling_ && deferredName_ != "IDLE") {
      fatal("IMAP session state is inconsistent, please relogin.");
    }
    return;
  }
  std::vector<std::uint32_t> claimed;
  if (!selected_->readOnly()) {
    std::vector<std::uint32_t> fresh;
    for (const auto& message : now->messages) {
      if (message.uid > selected_->lastUid() && message.recent) {
        fresh.push_back(message.uid);
      }
    }
    if (!fresh.empty()) {
      claimed = store_.claimRecent(user_, selected_->mailbox(), fresh);
    }
  }
  for (const auto& line : selected_->sync(*now, claimed, mode == SyncMode::kFull, condstore())) {
    writeLine("* " + line);
  }
}

void ImapSession::finishDeferred(std::string text, bool doSync) {
  if (doSync) {
    sync(deferredSync_);
  }
  const std::string tag = deferredTag_;
  currentCommand_ = deferredName_;
  deferredTag_.clear();
  deferredName_.clear();
  if (!closing_ && !text.empty()) {
    replyTagged(tag, std::move(text));
  }
}

void ImapSession::mailboxChanged(const std::string& login, const std::string& mailbox) {
  // RFC 2177: while idling, changes to the selected mailbox are pushed at once.
  if (!idling_ || closing_ || login != user_ || !selected_ || mailbox != selected_->mailbox()) {
    return;
  }
  sync(SyncMode::kFull);
  flushResponseJournal("*");
}

}  // namespace oxh::dovecot::imap
