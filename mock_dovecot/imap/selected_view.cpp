#include "mock_dovecot/imap/selected_view.hpp"

#include <algorithm>

#include "mock_dovecot/imap/imap_quote.hpp"

namespace oxh::dovecot::imap {

SelectedView::SelectedView(const MailboxSnapshot& snapshot, bool readOnly, std::set<std::uint32_t> recent)
    : mailbox_(snapshot.name),
      readOnly_(readOnly),
      uidValidity_(snapshot.uidValidity),
      identity_(snapshot.createdOrder),
      expungesPendingAfter_(snapshot.highestModseq),
      uidNext_(snapshot.uidNext),
      recent_(std::move(recent)),
      keywords_(snapshot.keywords) {
  for (const auto& message : snapshot.messages) {
    uids_.push_back(message.uid);
    known_[message.uid] = Known{message.flags, message.modseq};
  }
}

std::size_t SelectedView::unseen() const {
  std::size_t count = 0;
  for (std::uint32_t uid : uids_) {
    auto it = known_.find(uid);
    count += it != known_.end() && (it->second.flags.system & kFlagSeen) == 0 ? 1 : 0;
  }
  return count;
}

std::optional<std::size_t> SelectedView::sequenceOf(std::uint32_t uid) const {
  auto it = std::lower_bound(uids_.begin(), uids_.end(), uid);
  if (it == uids_.end() || *it != uid) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(it - uids_.begin()) + 1;
}

std::uint32_t SelectedView::uidAt(std::size_t sequence) const {
  return sequence == 0 || sequence > uids_.size() ? 0 : uids_[sequence - 1];
}

const MessageFlags* SelectedView::flags(std::uint32_t uid) const {
  auto it = known_.find(uid);
  return it == known_.end() ? nullptr : &it->second.flags;
}

void SelectedView::noteFlags(std::uint32_t uid, const MessageFlags& flags, std::uint64_t modseq) {
  auto it = known_.find(uid);
  if (it != known_.end()) {
    if (!(it->second.flags == flags) || it->second.modseq != modseq) {
      flagChanged_.insert(uid);
    }
    it->second = Known{flags, modseq};
  }
}

void SelectedView::noteExpunged(std::uint32_t uid) {
  auto it = std::lower_bound(uids_.begin(), uids_.end(), uid);
  if (it != uids_.end() && *it == uid) {
    uids_.erase(it);
  }
  known_.erase(uid);
  expungedStored_.erase(uid);
  recent_.erase(uid);
}

std::optional<SelectedView::Known> SelectedView::expungedState(std::uint32_t uid, const MailboxSnapshot& now) const {
  auto record = std::find_if(now.expunged.rbegin(), now.expunged.rend(),
                             [uid](const ExpungeRecord& expunged) { return expunged.uid == uid; });
  if (record == now.expunged.rend()) {
    return std::nullopt;
  }
  auto stored = expungedStored_.find(uid);
  return Known{stored != expungedStored_.end() ? stored->second : record->flags, record->modseq};
}

std::optional<MessageFlags> SelectedView::expungedFetchFlags(std::uint32_t uid, const MailboxSnapshot& now) const {
  auto known = known_.find(uid);
  auto state = known == known_.end() ? std::nullopt : expungedState(uid, now);
  if (!state) {
    return std::nullopt;
  }
  MessageFlags flags = state->flags;
  flags.keywords = known->second.flags.keywords;
  return flags;
}

bool SelectedView::storeOnExpunged(std::uint32_t uid, FlagOperation operation, const MessageFlags& flags, bool silent,
                                   const MailboxSnapshot& now) {
  if (known_.count(uid) == 0) {
    return false;
  }
  auto state = expungedState(uid, now);
  if (!state) {
    return false;
  }
  // .SILENT hides this session's change only: a change the other session made before its expunge
  // is still announced, with the merged flags (confirmed against Dovecot 2.3.19).
  const bool otherChange = !(state->flags == known_[uid].flags);
  applyFlags(state->flags, operation, flags);
  expungedStored_[uid] = state->flags;
  if (silent && !otherChange) {
    known_[uid] = *state;
  }
  return true;
}

std::vector<std::string> SelectedView::sync(const MailboxSnapshot& now, const std::vector<std::uint32_t>& claimed,
                                            bool allowExpunge, bool condstore) {
  std::vector<std::string> lines;
  // imap-sync.c compares RECENT with the count the client last heard (expunges included),
  // but EXISTS with the count after the EXPUNGE responses.
  const std::size_t oldRecent = recent_.size();
  std::map<std::uint32_t, const StoredMessage*> current;
  for (const auto& message : now.messages) {
    current[message.uid] = &message;
  }
  // New keywords first: RFC 3501 section 7.2.6 says FLAGS tells the client which flags exist.
  // The session's list only grows, in the order it learnt the keywords: a keyword its own
  // SEARCH created stays ahead of one another session stored later (confirmed against Dovecot
  // 2.3.19: SEARCH KEYWORD bar, then STORE +FLAGS (baz) announces "bar baz").
  std::vector<std::string> keywords = keywords_;
  for (const std::vector<std::string>* source :
       std::initializer_list<const std::vector<std::string>*>{&now.keywords, &sessionKeywords_}) {
    for (const auto& keyword : *source) {
      if (std::find(keywords.begin(), keywords.end(), keyword) == keywords.end()) {
        keywords.push_back(keyword);
      }
    }
  }
  if (keywords != keywords_) {
    keywords_ = std::move(keywords);
    std::string keywordList;
    for (const auto& keyword : keywords_) {
      keywordList += " " + keyword;
    }
    lines.push_back("FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft" + keywordList + ")");
    if (!readOnly_) {
      lines.push_back("OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft" + keywordList +
                      " \\*)] Flags permitted.");
    }
  }
  // RETURN (UPDATE) searches lose expunged members first, numbered as before (imap_sync_init
  // sends them before any FETCH or EXPUNGE; confirmed against Dovecot 2.3.19).
  if (allowExpunge && updates_.size() != 0) {
    std::set<std::uint32_t> gone;
    for (std::uint32_t uid : uids_) {
      if (current.count(uid) == 0) {
        gone.insert(uid);
      }
    }
    for (auto& line : updates_.expunged(uids_, gone)) {
      lines.push_back(std::move(line));
    }
  }
  // Flag changes of messages the client knows, ascending.
  for (std::size_t i = 0; i < uids_.size(); ++i) {
    // A message expunged since the last sync: at a sync point that may not send EXPUNGE (FETCH,
    // STORE, SEARCH) its flag change is still announced; where the EXPUNGE goes out, it is not
    // (confirmed against Dovecot 2.3.19).
    auto found = current.find(uids_[i]);
    const auto expunged =
        found == current.end() && !allowExpunge ? expungedState(uids_[i], now) : std::nullopt;
    if (found == current.end() && !expunged) {
      continue;
    }
    const Known latest = expunged ? *expunged : Known{found->second->flags, found->second->modseq};
    Known& known = known_[uids_[i]];
    if (known.flags == latest.flags && (expunged || known.modseq == latest.modseq)) {
      continue;
    }
    const bool flagsChanged = !(known.flags == latest.flags);
    flagChanged_.insert(uids_[i]);
    known = latest;
    if (!flagsChanged && !condstore) {
      continue;
    }
    std::string line = std::to_string(i + 1) + " FETCH (";
    if (condstore) {
      line += "MODSEQ (" + std::to_string(known.modseq) + ") ";
    }
    line += "FLAGS (" + flagList(known.flags, isRecent(uids_[i])) + "))";
    lines.push_back(std::move(line));
  }
  // Expunges, highest sequence first so the numbers the client holds stay valid.
  if (allowExpunge) {
    expungesPendingAfter_ = now.highestModseq;
    for (std::size_t i = uids_.size(); i-- > 0;) {
      if (current.count(uids_[i]) == 0) {
        lines.push_back(std::to_string(i + 1) + " EXPUNGE");
        known_.erase(uids_[i]);
        expungedStored_.erase(uids_[i]);
        recent_.erase(uids_[i]);
        uids_.erase(uids_.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
  const std::size_t oldExists = uids_.size();
  const std::uint32_t last = lastUid();
  std::vector<std::uint32_t> appended;
  for (const auto& message : now.messages) {
    if (message.uid > last) {
      appended.push_back(message.uid);
      uids_.push_back(message.uid);
      known_[message.uid] = Known{message.flags, message.modseq};
    }
  }
  for (std::uint32_t uid : claimed) {
    recent_.insert(uid);
  }
  uidNext_ = now.uidNext;
  if (uids_.size() != oldExists) {
    lines.push_back(std::to_string(uids_.size()) + " EXISTS");
  }
  if (recent_.size() != oldRecent) {
    lines.push_back(std::to_string(recent_.size()) + " RECENT");
  }
  // Then the searches' other changes (imap_sync_notify_more; confirmed against Dovecot 2.3.19).
  for (auto& line : updates_.changed(*this, now, flagChanged_, appended)) {
    lines.push_back(std::move(line));
  }
  flagChanged_.clear();
  return lines;
}

}  // namespace oxh::dovecot::imap
