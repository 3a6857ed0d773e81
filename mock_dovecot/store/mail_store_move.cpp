// MailStore::expungeUids (the expunge half of MOVE) and addMailboxKeywords (SEARCH KEYWORD).
#include <algorithm>

#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot {

std::vector<std::uint32_t> MailStore::expungeUids(const std::string& login, const std::string& mailbox,
                                                  const std::vector<std::uint32_t>& uids) {
  return expungeWhere(login, mailbox, [&](const StoredMessage& message) {
    return std::find(uids.begin(), uids.end(), message.uid) != uids.end();
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

}  // namespace oxh::dovecot
