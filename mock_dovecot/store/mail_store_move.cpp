// MailStore::expungeUids (the expunge half of MOVE), addMailboxKeywords (SEARCH KEYWORD) and
// setUidValidity (the control plane's UIDVALIDITY change).
#include <algorithm>

#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot {

std::vector<std::uint32_t> MailStore::expungeUids(const std::string& login, const std::string& mailbox,
                                                  const std::vector<std::uint32_t>& uids) {
  return expungeWhere(login, mailbox, [&](const StoredMessage& message) {
    return std::find(uids.begin(), uids.end(), message.uid) != uids.end();
  });
}

std::vector<std::uint32_t> MailStore::expungeFirst(const std::string& login, const std::string& mailbox,
                                                   std::size_t count) {
  std::size_t taken = 0;
  return expungeWhere(login, mailbox, [&](const StoredMessage& /*message*/) {
    return count == 0 || taken++ < count;
  });
}

void MailStore::addMailboxKeywords(const std::string& login, const std::string& mailbox,
                                   const std::vector<std::string>& keywords) {
  bool added = false;
  std::string name;
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
    if (box == nullptr) {
      return;
    }
    name = box->name;
    for (const auto& keyword : keywords) {
      if (std::find(box->keywords.begin(), box->keywords.end(), keyword) == box->keywords.end()) {
        box->keywords.push_back(keyword);
        added = true;
      }
    }
  }
  if (added) {
    notify(login, name);
  }
}

std::optional<std::uint32_t> MailStore::setUidValidity(const std::string& login, const std::string& mailbox,
                                                       std::optional<std::uint32_t> value) {
  if (value && *value == 0) {
    return std::nullopt;  // RFC 3501 section 2.3.1.1: UIDVALIDITY is non-zero
  }
  std::string name;
  std::uint32_t applied = 0;
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
    if (box == nullptr) {
      return std::nullopt;
    }
    // Deterministic under the seed: the next value of the creation sequence.
    applied = value ? *value : uidValidityBase_ + static_cast<std::uint32_t>(created_++);
    box->uidValidity = applied;
    name = box->name;
  }
  notify(login, name);
  return applied;
}

}  // namespace oxh::dovecot
