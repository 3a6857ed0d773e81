#include "runner/client/local_store.hpp"

#include <algorithm>

namespace oxh::client {

std::optional<std::string> LocalStore::standardFolder(int type) const {
  for (const auto& folder : folders_) {
    if (folder.standardType == type) return folder.id;
  }
  return std::nullopt;
}

std::string LocalStore::resolveFolder(const std::string& nameOrId) const {
  for (const auto& folder : folders_) {
    if (folder.id == nameOrId) return folder.id;
  }
  for (const auto& folder : folders_) {
    if (folder.title == nameOrId) return folder.id;
  }
  for (const auto& [name, type] : {std::pair<const char*, int>{"Trash", 12}, {"Sent", 10}, {"Drafts", 9}, {"INBOX", 7}}) {
    if (nameOrId == name) {
      if (auto id = standardFolder(type)) return *id;
    }
  }
  return nameOrId.find('/') == std::string::npos ? "default0/" + nameOrId : nameOrId;
}

void LocalStore::replaceFolder(const std::string& folder, std::vector<LocalMail> mails) {
  mails_.erase(std::remove_if(mails_.begin(), mails_.end(), [&](const LocalMail& mail) { return mail.folder == folder; }),
               mails_.end());
  for (auto& mail : mails) mails_.push_back(std::move(mail));
}

void LocalStore::remove(const LocalMail* mail) {
  mails_.erase(std::remove_if(mails_.begin(), mails_.end(), [&](const LocalMail& m) { return &m == mail; }), mails_.end());
}

LocalMail* LocalStore::findByMessageId(const std::string& messageId) {
  if (messageId.empty()) return nullptr;
  for (auto& mail : mails_) {
    if (mail.messageId == messageId) return &mail;
  }
  return nullptr;
}

LocalMail* LocalStore::findBySubject(const std::string& subject, const std::string& folder) {
  for (auto& mail : mails_) {
    if (mail.subject == subject && (folder.empty() || mail.folder == folder)) return &mail;
  }
  return nullptr;
}

std::vector<const LocalMail*> LocalStore::inFolder(const std::string& folder) const {
  std::vector<const LocalMail*> out;
  for (const auto& mail : mails_) {
    if (mail.folder == folder) out.push_back(&mail);
  }
  return out;
}

nlohmann::json LocalStore::toJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& mail : mails_) {
    out.push_back({{"folder", mail.folder}, {"id", mail.id}, {"message_id", mail.messageId}, {"subject", mail.subject},
                   {"flags", mail.flags}, {"color", mail.color}, {"pending", mail.pending}});
  }
  return out;
}

}  // namespace oxh::client
