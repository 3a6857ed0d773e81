// Users and mailboxes of the MailStore (messages: mail_store_messages.cpp, attributes and
// state: mail_store_attributes.cpp).
#include "mock_dovecot/store/mail_store.hpp"

#include <algorithm>
#include <cctype>

namespace oxh::dovecot {

namespace {

constexpr char kSeparator = '/';

// splitmix64: a fixed, portable mix so one seed always gives the same UIDVALIDITY values.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool isChildOf(const std::string& name, const std::string& parent) {
  return name.size() > parent.size() + 1 && name.compare(0, parent.size(), parent) == 0 &&
         name[parent.size()] == kSeparator;
}

}  // namespace

std::string canonicalMailboxName(const std::string& name) {
  constexpr std::string_view kInbox = "INBOX";
  if (name.size() >= kInbox.size() && iequals(name.substr(0, kInbox.size()), std::string(kInbox)) &&
      (name.size() == kInbox.size() || name[kInbox.size()] == kSeparator)) {
    return std::string(kInbox) + name.substr(kInbox.size());
  }
  return name;
}

MailStore::MailStore(std::uint64_t seed)
    // Dovecot's UIDVALIDITY is the creation time; ours is a plausible time derived from the seed.
    : seed_(seed), uidValidityBase_(static_cast<std::uint32_t>(1'600'000'000ULL + mix(seed) % 400'000'000ULL)) {}

MailStore::~MailStore() = default;

MailStore::User* MailStore::userLocked(const std::string& login) {
  auto it = users_.find(login);
  return it == users_.end() ? nullptr : &it->second;
}

const MailStore::User* MailStore::userLocked(const std::string& login) const {
  auto it = users_.find(login);
  return it == users_.end() ? nullptr : &it->second;
}

Mailbox* MailStore::findLocked(User& user, const std::string& name) {
  auto it = user.mailboxes.find(canonicalMailboxName(name));
  return it == user.mailboxes.end() ? nullptr : &it->second;
}

const Mailbox* MailStore::findLocked(const User& user, const std::string& name) const {
  auto it = user.mailboxes.find(canonicalMailboxName(name));
  return it == user.mailboxes.end() ? nullptr : &it->second;
}

Mailbox& MailStore::createLocked(User& user, const std::string& name) {
  Mailbox box;
  box.name = canonicalMailboxName(name);
  box.uidValidity = uidValidityBase_ + static_cast<std::uint32_t>(created_);
  box.createdOrder = created_++;
  return user.mailboxes.emplace(box.name, std::move(box)).first->second;
}

void MailStore::addUser(const UserAccount& account) {
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = users_.try_emplace(account.login);
    it->second.password = account.password;
    if (inserted) {
      createLocked(it->second, "INBOX");
      for (const auto& [name, use] : {std::pair{"Sent", "\\Sent"}, {"Drafts", "\\Drafts"}, {"Trash", "\\Trash"}}) {
        Mailbox& box = createLocked(it->second, name);
        box.specialUse = use;
        box.subscribed = true;
      }
    }
  }
  notify(account.login, "INBOX");
}

bool MailStore::hasUser(const std::string& login) const {
  std::lock_guard lock(mutex_);
  return users_.count(login) != 0;
}

bool MailStore::authenticate(const std::string& login, const std::string& password) const {
  std::lock_guard lock(mutex_);
  const User* user = userLocked(login);
  return user != nullptr && user->password == password;
}

std::vector<std::string> MailStore::users() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [login, user] : users_) {
    out.push_back(login);
  }
  return out;
}

void MailStore::reset() {
  std::lock_guard lock(mutex_);
  users_.clear();
  created_ = 0;
}

std::optional<std::string> MailStore::findMailbox(const std::string& login, const std::string& name) const {
  std::lock_guard lock(mutex_);
  const User* user = userLocked(login);
  const Mailbox* box = user == nullptr ? nullptr : findLocked(*user, name);
  return box == nullptr ? std::nullopt : std::optional<std::string>(box->name);
}

std::optional<std::uint64_t> MailStore::mailboxIdentity(const std::string& login, const std::string& name) const {
  std::lock_guard lock(mutex_);
  const User* user = userLocked(login);
  const Mailbox* box = user == nullptr ? nullptr : findLocked(*user, name);
  return box == nullptr ? std::nullopt : std::optional<std::uint64_t>(box->createdOrder);
}

std::vector<MailboxListEntry> MailStore::listMailboxes(const std::string& login) const {
  std::lock_guard lock(mutex_);
  const User* user = userLocked(login);
  if (user == nullptr) {
    return {};
  }
  // Existing mailboxes plus every missing ancestor, ordered by creation with each mailbox's
  // children right after it and INBOX last, which is the order Dovecot's Maildir++ listing
  // gave for the default folders (confirmed against Dovecot 2.3.19; its order is really
  // the file system's, so conformance tests compare LIST replies as sets).
  std::map<std::string, MailboxListEntry> entries;
  std::map<std::string, std::uint64_t> order;
  for (const auto& [name, box] : user->mailboxes) {
    entries[name] = MailboxListEntry{name, true, false, box.subscribed, box.specialUse};
    order[name] = box.createdOrder;
    for (std::size_t pos = name.find(kSeparator); pos != std::string::npos; pos = name.find(kSeparator, pos + 1)) {
      const std::string parent = name.substr(0, pos);
      if (entries.count(parent) == 0 && user->mailboxes.count(parent) == 0) {
        entries[parent] = MailboxListEntry{parent, false, true, false, {}};
      }
      auto [it, inserted] = order.try_emplace(parent, box.createdOrder);
      if (!inserted) {
        it->second = std::min(it->second, box.createdOrder);
      }
    }
  }
  for (auto& [name, entry] : entries) {
    auto next = entries.upper_bound(name);
    entry.hasChildren = next != entries.end() && isChildOf(next->first, name);
  }
  std::vector<MailboxListEntry> out;
  for (auto& [name, entry] : entries) {
    out.push_back(std::move(entry));
  }
  // Sort key: the chain of creation orders of the top-level ancestor, then the path.
  auto key = [&order](const std::string& name) {
    std::vector<std::pair<std::uint64_t, std::string>> chain;
    for (std::size_t pos = 0;;) {
      const std::size_t next = name.find(kSeparator, pos);
      const std::string prefix = name.substr(0, next);
      chain.emplace_back(prefix == "INBOX" ? UINT64_MAX : order[prefix], prefix);
      if (next == std::string::npos) {
        break;
      }
      pos = next + 1;
    }
    return chain;
  };
  std::stable_sort(out.begin(), out.end(),
                   [&key](const MailboxListEntry& a, const MailboxListEntry& b) { return key(a.name) < key(b.name); });
  return out;
}

StoreError MailStore::createMailbox(const std::string& login, const std::string& rawName) {
  std::string name = canonicalMailboxName(rawName);
  // RFC 3501 section 6.3.3: a trailing separator only says children will follow.
  while (!name.empty() && name.back() == kSeparator) {
    name.pop_back();
  }
  if (name.empty() || name.find("//") != std::string::npos || name.front() == kSeparator) {
    return StoreError::kInvalidName;
  }
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    if (user == nullptr) {
      return StoreError::kNoSuchUser;
    }
    if (findLocked(*user, name) != nullptr) {
      return StoreError::kAlreadyExists;
    }
    createLocked(*user, name);
  }
  notify(login, name);
  return StoreError::kNone;
}

StoreError MailStore::deleteMailbox(const std::string& login, const std::string& rawName) {
  const std::string name = canonicalMailboxName(rawName);
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    if (user == nullptr) {
      return StoreError::kNoSuchUser;
    }
    if (name == "INBOX") {
      return StoreError::kInboxCannotBeDeleted;
    }
    if (user->mailboxes.erase(name) == 0) {
      return StoreError::kNoSuchMailbox;
    }
  }
  notify(login, name);
  return StoreError::kNone;
}

StoreError MailStore::renameMailbox(const std::string& login, const std::string& rawFrom, const std::string& rawTo) {
  const std::string from = canonicalMailboxName(rawFrom);
  const std::string to = canonicalMailboxName(rawTo);
  std::vector<std::string> changed;
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    if (user == nullptr) {
      return StoreError::kNoSuchUser;
    }
    if (from == "INBOX") {
      return StoreError::kInboxCannotBeRenamed;
    }
    std::vector<std::string> moving;
    for (const auto& [name, box] : user->mailboxes) {
      if (name == from || isChildOf(name, from)) {
        moving.push_back(name);
      }
    }
    if (moving.empty()) {
      return StoreError::kNoSuchMailbox;
    }
    if (to.empty() || to == from || isChildOf(to, from)) {
      return StoreError::kInvalidName;
    }
    for (const auto& name : moving) {
      if (user->mailboxes.count(to + name.substr(from.size())) != 0) {
        return StoreError::kAlreadyExists;
      }
    }
    for (const auto& name : moving) {
      auto node = user->mailboxes.extract(name);
      node.key() = to + name.substr(from.size());
      node.mapped().name = node.key();
      changed.push_back(name);
      changed.push_back(node.key());
      user->mailboxes.insert(std::move(node));
    }
  }
  for (const auto& name : changed) {
    notify(login, name);
  }
  return StoreError::kNone;
}

StoreError MailStore::setSubscribed(const std::string& login, const std::string& name, bool subscribed) {
  {
    std::lock_guard lock(mutex_);
    User* user = userLocked(login);
    if (user == nullptr) {
      return StoreError::kNoSuchUser;
    }
    Mailbox* box = findLocked(*user, name);
    if (box == nullptr) {
      // Dovecot refuses to subscribe to a missing mailbox but unsubscribing one is fine
      // (confirmed against Dovecot 2.3.19).
      return subscribed ? StoreError::kNoSuchMailbox : StoreError::kNone;
    }
    box->subscribed = subscribed;
  }
  notify(login, canonicalMailboxName(name));
  return StoreError::kNone;
}

std::uint64_t MailStore::subscribe(std::function<void(const std::string&, const std::string&)> listener) {
  std::lock_guard lock(listenersMutex_);
  const std::uint64_t id = nextListener_++;
  listeners_[id] = std::make_shared<std::function<void(const std::string&, const std::string&)>>(std::move(listener));
  return id;
}

void MailStore::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(listenersMutex_);
  listeners_.erase(id);
}

void MailStore::notify(const std::string& login, const std::string& mailbox) {
  std::vector<std::shared_ptr<std::function<void(const std::string&, const std::string&)>>> copy;
  {
    std::lock_guard lock(listenersMutex_);
    for (const auto& [id, listener] : listeners_) {
      copy.push_back(listener);
    }
  }
  for (const auto& listener : copy) {
    (*listener)(login, mailbox);
  }
}

}  // namespace oxh::dovecot
