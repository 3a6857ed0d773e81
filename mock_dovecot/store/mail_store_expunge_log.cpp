// MailStore::expungeLog (declared in store/mail_store.hpp).
#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot {

std::vector<ExpungeRecord> MailStore::expungeLog(const std::string& login, const std::string& mailbox) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const User* user = userLocked(login);
  const Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
  return box == nullptr ? std::vector<ExpungeRecord>{} : box->expunged;
}

}  // namespace oxh::dovecot
