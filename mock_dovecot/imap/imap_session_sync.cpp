// The session's view of other sessions' changes: untagged EXISTS/EXPUNGE/FETCH FLAGS when a
// command may report them (RFC 3501 7.4.1, 5.2), deferred tagged answers, IDLE wake-ups.
#include <algorithm>

#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/notify_events.hpp"
#include "mock_dovecot/imap/qresync_lines.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"

namespace oxh::dovecot::imap {

void ImapSession::sync(SyncMode mode) {
  if (mode == SyncMode::kNone) {
    return;
  }
  const std::uint32_t lastUidBefore = selected_ ? selected_->lastUid() : 0;
  if (mode == SyncMode::kNoExpunge && notifyImmediateExpunges(*this)) {
    mode = SyncMode::kFull;  // NOTIFY SET (selected ...): imap/notify_events.hpp
  }
  syncSelected(mode);
  if (closing_) {
    return;
  }
  notifyAfterSync(*this, lastUidBefore);  // NOTIFY (RFC 5465) events: imap/notify_events.cpp
  if (qresync() && selected_) {
    bool heldBack = false;
    if (mode == SyncMode::kNoExpunge) {
      auto now = store_.snapshot(user_, selected_->mailbox());
      for (std::uint32_t uid : selected_->uids()) {
        heldBack = heldBack || (now && std::none_of(now->messages.begin(), now->messages.end(),
                                                    [uid](const StoredMessage& m) { return m.uid == uid; }));
      }
    }
    if (auto modseq = qresyncSyncModseq(*this, heldBack)) {
      if (taggedModseqAllowed_) {
        taggedModseq_ = modseq;
      } else {
        writeLine("* OK [HIGHESTMODSEQ " + std::to_string(*modseq) + "] Highest");
      }
    }
  }
}

void ImapSession::syncSelected(SyncMode mode) {
  if (!selected_) {
    return;
  }
  auto now = store_.snapshot(user_, selected_->mailbox(), selected_->expungesPendingAfter());
  if (!now) {
    // Dovecot disconnects a client whose selected mailbox vanished (confirmed against Dovecot
    // 2.3.19 with maildir, an idling session at once: this text, not "Selected mailbox was
    // deleted, have to disconnect.").
    fatal("IMAP session state is inconsistent, please relogin.");
    return;
  }
  if (now->createdOrder != selected_->identity()) {
    // Deleted and created again: the old view stays, some sync points say so (see
    // recreated_selection.hpp). Not again when IDLE ends with DONE (confirmed against Dovecot 2.3.19).
    if (idling_ || (syncReportsRecreatedSelection(currentCommand_) && deferredName_.empty())) {
      writeLine("* NO " + internalErrorText());
    }
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
  claimed.swap(appendedRecent_);
  if (!selected_->readOnly()) {
    std::vector<std::uint32_t> fresh;
    for (const auto& message : now->messages) {
      if (message.uid > selected_->lastUid() && message.recent) {
        fresh.push_back(message.uid);
      }
    }
    if (!fresh.empty()) {
      const auto taken = store_.claimRecent(user_, selected_->mailbox(), fresh);
      claimed.insert(claimed.end(), taken.begin(), taken.end());
    }
  }
  const std::vector<std::uint32_t> uidsBefore = selected_->uids();
  auto lines = selected_->sync(*now, claimed, mode == SyncMode::kFull, condstore());
  storeSeenSetByUpdates();
  if (qresync()) {
    lines = qresyncLines(std::move(lines), uidsBefore);  // UID in FETCH, VANISHED (RFC 7162)
  }
  filterSelectedLines(*this, lines);  // after NOTIFY (RFC 5465)
  for (const auto& line : lines) {
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
  // RFC 2177: while idling, changes to the selected mailbox are pushed at once; with NOTIFY
  // (RFC 5465) also changes to the mailboxes it watches.
  if (!idling_ || closing_ || login != user_) {
    return;
  }
  if ((!selected_ || mailbox != selected_->mailbox()) && !notifyWatches(*this, mailbox)) {
    return;
  }
  sync(SyncMode::kFull);
  flushResponseJournal("*");
}

}  // namespace oxh::dovecot::imap
