// RFC 5464 attributes of the MailStore, stored the way Dovecot's dict keys them
// (core:src/lib-storage/mailbox-attribute.h), and the control-plane state dump.
#include <algorithm>
#include <cctype>

#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

const std::map<std::string, std::string>& attributes(const Mailbox& box, AttributeType type) {
  return type == AttributeType::kPrivate ? box.privateAttributes : box.sharedAttributes;
}

nlohmann::json flagsJson(const MessageFlags& flags) {
  nlohmann::json out = nlohmann::json::array();
  constexpr std::pair<std::uint8_t, const char*> kNames[] = {
      {kFlagAnswered, "\\Answered"}, {kFlagFlagged, "\\Flagged"}, {kFlagDeleted, "\\Deleted"},
      {kFlagSeen, "\\Seen"},         {kFlagDraft, "\\Draft"}};
  for (const auto& [bit, name] : kNames) {
    if ((flags.system & bit) != 0) {
      out.push_back(name);
    }
  }
  for (const auto& keyword : flags.keywords) {
    out.push_back(keyword);
  }
  return out;
}

}  // namespace

std::optional<std::string> MailStore::attribute(const std::string& login, const std::string& mailbox,
                                                AttributeType type, const std::string& key) const {
  std::lock_guard lock(mutex_);
  const User* user = userLocked(login);
  const Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
  if (box == nullptr) {
    return std::nullopt;
  }
  const auto& map = attributes(*box, type);
  auto it = map.find(key);
  return it == map.end() ? std::nullopt : std::optional<std::string>(it->second);
}

StoreError MailStore::setAttribute(const std::string& login, const std::string& mailbox, AttributeType type,
                                   const std::string& key, const std::optional<std::string>& value) {
  std::string name;
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    if (user == nullptr) {
      return StoreError::kNoSuchUser;
    }
    Mailbox* box = findLocked(*user, mailbox);
    if (box == nullptr) {
      return StoreError::kNoSuchMailbox;
    }
    name = box->name;
    auto& map = type == AttributeType::kPrivate ? box->privateAttributes : box->sharedAttributes;
    if (value) {
      map[key] = *value;
    } else {
      map.erase(key);
    }
  }
  // RFC 5464 allows unsolicited METADATA; Dovecot sends none (dovecot.md section 2.5), but
  // listeners such as the control plane still learn about the change.
  notify(login, name);
  return StoreError::kNone;
}

std::vector<std::string> MailStore::attributeKeys(const std::string& login, const std::string& mailbox,
                                                  AttributeType type, const std::string& prefix) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> keys;
  const User* user = userLocked(login);
  const Mailbox* box = user == nullptr ? nullptr : findLocked(*user, mailbox);
  if (box == nullptr) {
    return keys;
  }
  for (const auto& [key, value] : attributes(*box, type)) {
    if (key.compare(0, prefix.size(), prefix) != 0) {
      continue;
    }
    // Dovecot's iteration hides its internal keys unless the prefix asks for them.
    if (key.compare(0, kDovecotPvtPrefix.size(), kDovecotPvtPrefix) == 0 &&
        prefix.compare(0, kDovecotPvtPrefix.size(), kDovecotPvtPrefix) != 0) {
      continue;
    }
    keys.push_back(key);
  }
  return keys;
}

void MailStore::setServerInfo(std::string comment, std::string admin) {
  std::lock_guard lock(mutex_);
  serverComment_ = std::move(comment);
  serverAdmin_ = std::move(admin);
}

std::string MailStore::serverComment() const {
  std::lock_guard lock(mutex_);
  return serverComment_;
}

std::string MailStore::serverAdmin() const {
  std::lock_guard lock(mutex_);
  return serverAdmin_;
}

std::optional<std::string> MailStore::metadata(const std::string& login, const std::string& mailbox,
                                               const std::string& rawEntry) const {
  const std::string entry = lower(rawEntry);
  AttributeType type = AttributeType::kPrivate;
  std::string key;
  if (entry.rfind("/private", 0) == 0 && (entry.size() == 8 || entry[8] == '/')) {
    key = entry.size() > 9 ? entry.substr(9) : "";
  } else if (entry.rfind("/shared", 0) == 0 && (entry.size() == 7 || entry[7] == '/')) {
    type = AttributeType::kShared;
    key = entry.size() > 8 ? entry.substr(8) : "";
  } else {
    return std::nullopt;
  }
  if (key.compare(0, kDovecotPvtPrefix.size(), kDovecotPvtPrefix) == 0) {
    return std::nullopt;  // internal: Dovecot answers NIL
  }
  if (mailbox.empty()) {
    if (type == AttributeType::kShared && (key == "comment" || key == "admin")) {
      const std::string value = key == "comment" ? serverComment() : serverAdmin();
      return value.empty() ? std::nullopt : std::optional<std::string>(value);
    }
    return attribute(login, "INBOX", type, std::string(kDovecotServerPrefix) + key);
  }
  if (type == AttributeType::kPrivate && key == "specialuse") {
    auto snap = snapshot(login, mailbox);
    return snap && !snap->specialUse.empty() ? std::optional<std::string>(snap->specialUse) : std::nullopt;
  }
  return attribute(login, mailbox, type, key);
}

nlohmann::json MailStore::state() const {
  std::lock_guard lock(mutex_);
  nlohmann::json out{{"users", nlohmann::json::object()}};
  for (const auto& [login, user] : users_) {
    nlohmann::json boxes = nlohmann::json::object();
    nlohmann::json serverEntries = nlohmann::json::object();
    for (const auto& [name, box] : user.mailboxes) {
      nlohmann::json messages = nlohmann::json::array();
      for (const auto& message : box.messages) {
        messages.push_back({{"uid", message.uid},
                            {"flags", flagsJson(message.flags)},
                            {"size", message.raw->size()},
                            {"internalDate", message.internalDate},
                            {"modseq", message.modseq},
                            {"recent", message.recent}});
      }
      nlohmann::json metadata = nlohmann::json::object();
      for (const auto& [type, map] : {std::pair{"/private/", &box.privateAttributes},
                                      std::pair{"/shared/", &box.sharedAttributes}}) {
        for (const auto& [key, value] : *map) {
          if (key.rfind(kDovecotServerPrefix, 0) == 0) {
            serverEntries[type + key.substr(kDovecotServerPrefix.size())] = value;
          } else {
            metadata[type + key] = value;
          }
        }
      }
      boxes[name] = {{"uidValidity", box.uidValidity}, {"uidNext", box.uidNext},
                     {"highestModseq", box.highestModseq}, {"subscribed", box.subscribed},
                     {"specialUse", box.specialUse},   {"messages", std::move(messages)},
                     {"metadata", std::move(metadata)}};
    }
    out["users"][login] = {{"mailboxes", std::move(boxes)}, {"metadata", std::move(serverEntries)}};
  }
  return out;
}

}  // namespace oxh::dovecot
