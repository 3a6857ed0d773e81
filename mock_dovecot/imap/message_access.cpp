#include "mock_dovecot/imap/message_access.hpp"

#include <algorithm>

#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/notify_events.hpp"
#include "mock_dovecot/imap/qresync_lines.hpp"

namespace oxh::dovecot::imap {

MessageAccess::MessageAccess(ImapSession& session) : session_(session) { refresh(); }

void MessageAccess::refresh() {
  index_.clear();
  ghosts_.clear();
  viewed_.clear();
  snapshot_.reset();
  const SelectedView* view = session_.selected();
  if (view == nullptr) {
    return;
  }
  snapshot_ = session_.store().snapshot(session_.user(), view->mailbox(), view->expungesPendingAfter());
  if (!snapshot_) {
    return;
  }
  if (snapshot_->createdOrder != view->identity()) {
    // Re-created under the session (recreated_selection.hpp): only the view's data is left.
    snapshot_->messages.clear();
    snapshot_->expunged.clear();
  }
  for (std::size_t i = 0; i < snapshot_->messages.size(); ++i) {
    index_[snapshot_->messages[i].uid] = i;
  }
  static const auto kNoContent = std::make_shared<const std::string>();
  for (std::uint32_t uid : view->uids()) {
    const MessageFlags* flags = view->flags(uid);
    if (index_.count(uid) == 0 && flags != nullptr) {
      StoredMessage ghost;
      ghost.uid = uid;
      ghost.raw = kNoContent;
      ghost.flags = *flags;
      ghosts_[uid] = ghost;
    } else if (flags != nullptr && snapshot_->messages[index_[uid]].flags != *flags) {
      StoredMessage seen = snapshot_->messages[index_[uid]];
      seen.flags = *flags;
      viewed_[uid] = std::move(seen);
    }
  }
}

const StoredMessage* MessageAccess::searchableAsViewed(std::uint32_t uid) const {
  if (auto seen = viewed_.find(uid); seen != viewed_.end()) {
    return &seen->second;
  }
  return searchable(uid);
}

const StoredMessage* MessageAccess::searchable(std::uint32_t uid) const {
  if (const StoredMessage* found = message(uid)) {
    return found;
  }
  auto it = ghosts_.find(uid);
  return it == ghosts_.end() ? nullptr : &it->second;
}

MessageFlags MessageAccess::fetchFlags(const StoredMessage& message) const {
  const SelectedView* view = session_.selected();
  if (view == nullptr || !snapshot_ || ghosts_.count(message.uid) == 0) {
    return message.flags;
  }
  return view->expungedFetchFlags(message.uid, *snapshot_).value_or(message.flags);
}

const StoredMessage* MessageAccess::message(std::uint32_t uid) const {
  auto it = index_.find(uid);
  return it == index_.end() ? nullptr : &snapshot_->messages[it->second];
}

const mime::ParsedMessage& MessageAccess::parsed(const StoredMessage& message) {
  auto& slot = parsed_[message.uid];
  if (!slot) {
    slot = std::make_unique<mime::ParsedMessage>(*message.raw);
  }
  return *slot;
}

std::size_t MessageAccess::sequence(std::uint32_t uid) const {
  const SelectedView* view = session_.selected();
  const auto seq = view == nullptr ? std::nullopt : view->sequenceOf(uid);
  return seq.value_or(0);
}

bool MessageAccess::recent(std::uint32_t uid) const {
  const SelectedView* view = session_.selected();
  return view != nullptr && view->isRecent(uid);
}

std::vector<std::uint32_t> MessageAccess::visibleUids() const {
  std::vector<std::uint32_t> out;
  if (const SelectedView* view = session_.selected()) {
    for (std::uint32_t uid : view->uids()) {
      if (index_.count(uid) != 0 || ghosts_.count(uid) != 0) {
        out.push_back(uid);
      }
    }
  }
  return out;
}

void enableCondstore(CommandContext& ctx) {
  ImapSession& session = ctx.session;
  if (session.condstore()) {
    return;
  }
  session.enable("CONDSTORE");
  if (const SelectedView* view = session.selected()) {
    if (auto snapshot = session.store().snapshot(session.user(), view->mailbox())) {
      ctx.untagged("OK [HIGHESTMODSEQ " + std::to_string(snapshot->highestModseq) + "] Highest");
    }
  }
}

void announceKeywords(CommandContext& ctx) {
  ImapSession& session = ctx.session;
  SelectedView* view = session.selected();
  if (view == nullptr) {
    return;
  }
  auto probe = session.store().snapshot(session.user(), view->mailbox());
  if (!probe || probe->uidValidity != view->uidValidity() || probe->createdOrder != view->identity()) {
    return;
  }
  // Without messages and without expunges the view can only report the keyword list.
  probe->messages.clear();
  probe->expunged.clear();
  for (const auto& line : view->sync(*probe, {}, false, false)) {
    ctx.untagged(line);
  }
}

namespace {

// "12 FETCH (" -> the sequence number, 0 for other lines.
std::size_t fetchSequence(const std::string& line) {
  const auto space = line.find(' ');
  if (space == std::string::npos || line.compare(space, 8, " FETCH (") != 0) {
    return 0;
  }
  return static_cast<std::size_t>(std::stoul(line.substr(0, space)));
}

}  // namespace

void syncFlagChanges(CommandContext& ctx, bool allowExpunge, bool sendUid, const std::set<std::uint32_t>& hidden,
                     bool hiddenModseq) {
  ImapSession& session = ctx.session;
  SelectedView* view = session.selected();
  if (view == nullptr) {
    return;
  }
  // NOTIFY SET (selected ...) reports expunges at every sync point (imap/notify_events.hpp), and
  // then a flag change of an expunged message is not announced before its EXPUNGE (confirmed
  // against Dovecot 2.3.19).
  allowExpunge = allowExpunge || notifyImmediateExpunges(session);
  auto now = session.store().snapshot(session.user(), view->mailbox(), view->expungesPendingAfter());
  if (!now || now->uidValidity != view->uidValidity() || now->createdOrder != view->identity()) {
    return;  // the session's own sync point disconnects
  }
  // Hidden changes: the view takes the new state silently (MAILBOX_TRANSACTION_FLAG_HIDE).
  std::vector<std::pair<std::size_t, std::string>> modseqLines;
  for (const auto& message : now->messages) {
    if (hidden.count(message.uid) == 0) {
      continue;
    }
    const MessageFlags* known = view->flags(message.uid);
    const auto seq = view->sequenceOf(message.uid);
    if (known == nullptr || !seq) {
      continue;
    }
    if (hiddenModseq && session.condstore() && !(*known == message.flags)) {
      std::string line = std::to_string(*seq) + " FETCH (";
      if (sendUid) {
        line += "UID " + std::to_string(message.uid) + " ";
      }
      modseqLines.emplace_back(*seq, line + "MODSEQ (" + std::to_string(message.modseq) + "))");
    }
    view->noteFlags(message.uid, message.flags, message.modseq);
  }
  std::vector<std::uint32_t> claimed;
  if (!view->readOnly()) {
    std::vector<std::uint32_t> fresh;
    for (const auto& message : now->messages) {
      if (message.uid > view->lastUid() && message.recent) {
        fresh.push_back(message.uid);
      }
    }
    if (!fresh.empty()) {
      claimed = session.store().claimRecent(session.user(), view->mailbox(), fresh);
    }
  }
  // Sequence numbers before the sync (EXPUNGE lines come after FETCH lines).
  const std::vector<std::uint32_t> before = view->uids();
  const std::size_t recentBefore = view->recentCount();
  std::vector<std::string> lines = view->sync(*now, claimed, allowExpunge, session.condstore());
  session.storeSeenSetByUpdates();
  std::vector<std::string> out;
  std::size_t next = 0;
  auto flushModseqUpTo = [&](std::size_t seq) {
    while (next < modseqLines.size() && modseqLines[next].first <= seq) {
      out.push_back(modseqLines[next++].second);
    }
  };
  bool fetchSeen = false;
  for (auto& line : lines) {
    const std::size_t seq = fetchSequence(line);
    if (seq == 0) {
      if (fetchSeen || line.find(" EXPUNGE") != std::string::npos || line.find(" EXISTS") != std::string::npos ||
          line.find(" RECENT") != std::string::npos) {
        flushModseqUpTo(static_cast<std::size_t>(-1));
      }
      out.push_back(std::move(line));
      continue;
    }
    fetchSeen = true;
    flushModseqUpTo(seq - 1);
    if (sendUid && seq <= before.size()) {
      line.insert(line.find('(') + 1, "UID " + std::to_string(before[seq - 1]) + " ");
    }
    out.push_back(std::move(line));
  }
  flushModseqUpTo(static_cast<std::size_t>(-1));
  // An expunged \Recent message lowers RECENT, and Dovecot says so (confirmed against Dovecot
  // 2.3.19 after MOVE).
  if (view->recentCount() != recentBefore &&
      std::none_of(out.begin(), out.end(), [](const std::string& l) { return l.ends_with(" RECENT"); })) {
    out.push_back(std::to_string(view->recentCount()) + " RECENT");
  }
  if (session.qresync()) {
    out = qresyncLines(std::move(out), before);  // UID in every FETCH, VANISHED (RFC 7162)
  }
  filterSelectedLines(session, out);  // after NOTIFY (RFC 5465)
  for (const auto& line : out) {
    ctx.untagged(line);
  }
}

}  // namespace oxh::dovecot::imap
