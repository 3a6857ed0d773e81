// Messages of the MailStore: delivery, APPEND, \Recent ownership, flags, expunge, copy.
#include <algorithm>
#include <chrono>

#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot {

namespace {

std::int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void addKeywords(Mailbox& box, const std::vector<std::string>& keywords) {
  for (const auto& keyword : keywords) {
    if (std::find(box.keywords.begin(), box.keywords.end(), keyword) == box.keywords.end()) {
      box.keywords.push_back(keyword);
    }
  }
}

}  // namespace

std::size_t MailboxSnapshot::unseen() const {
  return static_cast<std::size_t>(std::count_if(messages.begin(), messages.end(), [](const StoredMessage& m) {
    return (m.flags.system & kFlagSeen) == 0;
  }));
}

std::size_t MailboxSnapshot::recent() const {
  return static_cast<std::size_t>(
      std::count_if(messages.begin(), messages.end(), [](const StoredMessage& m) { return m.recent; }));
}

std::size_t MailboxSnapshot::firstUnseen() const {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if ((messages[i].flags.system & kFlagSeen) == 0) {
      return i + 1;
    }
  }
  return 0;
}

bool applyFlags(MessageFlags& target, FlagOperation operation, const MessageFlags& flags) {
  const MessageFlags before = target;
  switch (operation) {
    case FlagOperation::kReplace:
      target = flags;
      break;
    case FlagOperation::kAdd:
      target.system = static_cast<std::uint8_t>(target.system | flags.system);
      for (const auto& keyword : flags.keywords) {
        if (std::find(target.keywords.begin(), target.keywords.end(), keyword) == target.keywords.end()) {
          target.keywords.push_back(keyword);
        }
      }
      break;
    case FlagOperation::kRemove:
      target.system = static_cast<std::uint8_t>(target.system & ~flags.system);
      std::erase_if(target.keywords, [&flags](const std::string& keyword) {
        return std::find(flags.keywords.begin(), flags.keywords.end(), keyword) != flags.keywords.end();
      });
      break;
  }
  return !(before == target);
}

std::uint32_t MailStore::saveLocked(Mailbox& box, std::string raw, const MessageFlags& flags,
                                    std::int64_t internalDate, bool recent) {
  StoredMessage message;
  message.uid = box.uidNext++;
  message.raw = std::make_shared<const std::string>(std::move(raw));
  message.flags = flags;
  message.internalDate = internalDate;
  message.saveDate = nowSeconds();
  message.modseq = ++box.highestModseq;
  message.recent = recent;
  addKeywords(box, flags.keywords);
  box.messages.push_back(std::move(message));
  return box.messages.back().uid;
}

std::optional<Delivered> MailStore::deliver(const std::string& login, const std::string& mailbox, std::string raw,
                                            std::int64_t internalDate) {
  Delivered delivered;
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
    if (box == nullptr) {
      return std::nullopt;
    }
    delivered.mailbox = box->name;
    delivered.uid = saveLocked(*box, std::move(raw), {}, internalDate);
    delivered.uidValidity = box->uidValidity;
    delivered.unseen = static_cast<std::size_t>(std::count_if(
        box->messages.begin(), box->messages.end(),
        [](const StoredMessage& m) { return (m.flags.system & kFlagSeen) == 0; }));
  }
  notify(login, delivered.mailbox);
  return delivered;
}

std::optional<AppendResult> MailStore::append(const std::string& login, const std::string& mailbox, std::string raw,
                                              const MessageFlags& flags, std::int64_t internalDate, bool claimRecent) {
  AppendResult result;
  std::string name;
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
    if (box == nullptr) {
      return std::nullopt;
    }
    name = box->name;
    result.uid = saveLocked(*box, std::move(raw), flags, internalDate, !claimRecent);
    result.uidValidity = box->uidValidity;
  }
  notify(login, name);
  return result;
}

std::optional<MailboxSnapshot> MailStore::snapshot(const std::string& login, const std::string& mailbox,
                                                   std::uint64_t expungedAfter) const {
  std::lock_guard lock(mutex_);
  const User* user = userLocked(login);
  const Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
  if (box == nullptr) {
    return std::nullopt;
  }
  // The log is in ascending mod-sequence order: copy only its tail.
  const auto tail = std::upper_bound(box->expunged.begin(), box->expunged.end(), expungedAfter,
                                     [](std::uint64_t modseq, const ExpungeRecord& r) { return modseq < r.modseq; });
  return MailboxSnapshot{box->name,          box->uidValidity,    box->uidNext,
                         box->highestModseq, box->modseqTracking, box->specialUse,
                         box->keywords,      box->messages,       std::vector<ExpungeRecord>(tail, box->expunged.end()),
                         box->createdOrder};
}

std::vector<std::uint32_t> MailStore::claimRecent(const std::string& login, const std::string& mailbox,
                                                  const std::vector<std::uint32_t>& uids) {
  std::lock_guard lock(mutex_);
  std::vector<std::uint32_t> claimed;
  User* user = userLocked(login);
  Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
  if (box == nullptr) {
    return claimed;
  }
  for (auto& message : box->messages) {
    if (message.recent && std::binary_search(uids.begin(), uids.end(), message.uid)) {
      message.recent = false;
      claimed.push_back(message.uid);
    }
  }
  return claimed;
}

void MailStore::enableModseq(const std::string& login, const std::string& mailbox) {
  std::lock_guard lock(mutex_);
  User* user = userLocked(login);
  Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
  if (box != nullptr) {
    box->modseqTracking = true;
  }
}

std::vector<StoredMessage> MailStore::storeFlags(const std::string& login, const std::string& mailbox,
                                                 const std::vector<std::uint32_t>& uids, FlagOperation operation,
                                                 const MessageFlags& flags,
                                                 std::optional<std::uint64_t> unchangedSince) {
  std::vector<StoredMessage> changed;
  std::string name;
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
    if (box == nullptr) {
      return changed;
    }
    name = box->name;
    std::vector<std::uint32_t> sorted = uids;
    std::sort(sorted.begin(), sorted.end());
    for (auto& message : box->messages) {
      if (!std::binary_search(sorted.begin(), sorted.end(), message.uid) ||
          (unchangedSince && message.modseq > *unchangedSince)) {
        continue;
      }
      if (applyFlags(message.flags, operation, flags)) {
        message.modseq = ++box->highestModseq;
        addKeywords(*box, message.flags.keywords);
        changed.push_back(message);
      }
    }
  }
  if (!changed.empty()) {
    notify(login, name);
  }
  return changed;
}

std::vector<std::uint32_t> MailStore::expunge(const std::string& login, const std::string& mailbox,
                                              const std::optional<std::vector<std::uint32_t>>& uids) {
  return expungeWhere(login, mailbox, [&](const StoredMessage& message) {
    const bool selected = !uids || std::find(uids->begin(), uids->end(), message.uid) != uids->end();
    return selected && (message.flags.system & kFlagDeleted) != 0;
  });
}

std::vector<std::uint32_t> MailStore::expungeWhere(const std::string& login, const std::string& mailbox,
                                                   const std::function<bool(const StoredMessage&)>& remove) {
  std::vector<std::uint32_t> expunged;
  std::string name;
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
    if (box == nullptr) {
      return expunged;
    }
    name = box->name;
    std::erase_if(box->messages, [&](const StoredMessage& message) {
      if (!remove(message)) {
        return false;
      }
      expunged.push_back(message.uid);
      box->expunged.push_back(ExpungeRecord{++box->highestModseq, message.uid, message.flags});
      return true;
    });
  }
  if (!expunged.empty()) {
    notify(login, name);
  }
  return expunged;
}

std::optional<std::pair<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>>> MailStore::copyMessages(
    const std::string& login, const std::string& from, const std::vector<std::uint32_t>& uids,
    const std::string& to) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> mapping;
  std::uint32_t uidValidity = 0;
  std::string target;
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    Mailbox* source = user == nullptr ? nullptr : findLocked(*user, from);
    Mailbox* destination = user == nullptr ? nullptr : findLocked(*user, to);
    if (source == nullptr || destination == nullptr) {
      return std::nullopt;
    }
    target = destination->name;
    uidValidity = destination->uidValidity;
    std::vector<StoredMessage> picked;
    for (const auto& message : source->messages) {
      if (std::find(uids.begin(), uids.end(), message.uid) != uids.end()) {
        picked.push_back(message);
      }
    }
    for (const auto& message : picked) {
      const std::uint32_t uid = saveLocked(*destination, *message.raw, message.flags, message.internalDate);
      destination->messages.back().raw = message.raw;
      mapping.emplace_back(message.uid, uid);
    }
  }
  if (!mapping.empty()) {
    notify(login, target);
  }
  return std::pair{uidValidity, mapping};
}

}  // namespace oxh::dovecot
