#pragma once
// The fake Dovecot's mail storage: users, mailboxes (hierarchy separator "/"), messages with
// UIDs, flags, keywords and mod-sequences, subscriptions, special-use, and RFC 5464 attributes.
// IMAP sessions, LMTP delivery, the push driver and the control plane all share one MailStore.
//
// Thread: every member is safe from any thread (one mutex). Readers get copies (snapshot()),
// so nothing returned refers into the store. Listeners registered with subscribe() are called
// after a change, outside the lock, on the thread that made the change; they must not block.
// Determinism: UIDVALIDITY values derive from the constructor's seed and the creation order.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mock_dovecot/store/mailbox.hpp"

namespace oxh::dovecot {

struct UserAccount {
  std::string login;
  std::string password;
};

struct Delivered {
  std::string mailbox;
  std::uint32_t uid = 0;
  std::uint32_t uidValidity = 0;
  std::size_t unseen = 0;
};

// Why a mailbox operation failed; the IMAP layer turns these into Dovecot's texts.
enum class StoreError {
  kNone,
  kNoSuchUser,
  kNoSuchMailbox,
  kAlreadyExists,
  kInboxCannotBeDeleted,
  kInboxCannotBeRenamed,
  kInvalidName,
};

// One LIST candidate: an existing mailbox or a parent that exists only through its children
// (Dovecot's Maildir++ layout lists it as \Noselect, confirmed against Dovecot 2.3.19).
struct MailboxListEntry {
  std::string name;
  bool exists = true;
  bool hasChildren = false;
  bool subscribed = false;
  std::string specialUse;
};

struct AppendResult {
  std::uint32_t uid = 0;
  std::uint32_t uidValidity = 0;
};

enum class FlagOperation { kReplace, kAdd, kRemove };
enum class AttributeType { kPrivate, kShared };

// Dovecot's key prefix for internal attributes and for server entries stored on INBOX
// (core:src/lib-storage/mailbox-attribute.h).
inline constexpr std::string_view kDovecotPvtPrefix = "vendor/vendor.dovecot/pvt";
inline constexpr std::string_view kDovecotServerPrefix = "vendor/vendor.dovecot/pvt/server/";

class MailStore {
 public:
  explicit MailStore(std::uint64_t seed = 0);  // UIDVALIDITY etc. deterministic from the seed
  ~MailStore();
  MailStore(const MailStore&) = delete;
  MailStore& operator=(const MailStore&) = delete;

  // Creates INBOX, Sent (\Sent), Drafts (\Drafts), Trash (\Trash); Sent, Drafts and Trash are
  // subscribed, INBOX is not (Dovecot's `auto = subscribe` mailboxes; confirmed against Dovecot
  // 2.3.19: LSUB lists only those three). Adding an existing user replaces the password only.
  void addUser(const UserAccount& account);
  [[nodiscard]] bool hasUser(const std::string& login) const;
  [[nodiscard]] bool authenticate(const std::string& login, const std::string& password) const;
  [[nodiscard]] std::vector<std::string> users() const;
  void reset();  // forget every user

  // LMTP/LDA delivery: saves with \Recent; nullopt when the user or the mailbox does not exist.
  std::optional<Delivered> deliver(const std::string& login, const std::string& mailbox, std::string raw,
                                   std::int64_t internalDate);
  // METADATA value of a server entry (mailbox "") or mailbox entry, e.g. ("alice", "",
  // "/private/vendor/vendor.dovecot/http-notify"). Entry names are case-insensitive.
  [[nodiscard]] std::optional<std::string> metadata(const std::string& login, const std::string& mailbox,
                                                    const std::string& entry) const;
  [[nodiscard]] nlohmann::json state() const;  // users, mailboxes, messages (uid, flags, size), metadata

  // Change notification: called (outside the store lock) after any change to (login, mailbox).
  std::uint64_t subscribe(std::function<void(const std::string& login, const std::string& mailbox)> listener);
  void unsubscribe(std::uint64_t id);

  // ---- mailboxes (IMAP) ----
  // The stored spelling of `name` ("inbox" -> "INBOX"), nullopt when it does not exist.
  [[nodiscard]] std::optional<std::string> findMailbox(const std::string& login, const std::string& name) const;
  // Which mailbox has this name now (Mailbox::createdOrder): a deleted and re-created mailbox has
  // another identity, a renamed one keeps it. nullopt when there is none.
  [[nodiscard]] std::optional<std::uint64_t> mailboxIdentity(const std::string& login, const std::string& name) const;
  [[nodiscard]] std::vector<MailboxListEntry> listMailboxes(const std::string& login) const;
  StoreError createMailbox(const std::string& login, const std::string& name);
  // Deletes the mailbox (not its children: they stay, as in Dovecot's Maildir++ layout).
  StoreError deleteMailbox(const std::string& login, const std::string& name);
  // Renames the mailbox and all its children.
  StoreError renameMailbox(const std::string& login, const std::string& from, const std::string& to);
  StoreError setSubscribed(const std::string& login, const std::string& name, bool subscribed);
  // `expungedAfter`: MailboxSnapshot::expunged gets the expunge log's records with a higher
  // mod-sequence (none by default: the log only grows, and most readers do not need it).
  [[nodiscard]] std::optional<MailboxSnapshot> snapshot(const std::string& login, const std::string& mailbox,
                                                        std::uint64_t expungedAfter = UINT64_MAX) const;

  // ---- messages (IMAP) ----
  // APPEND: saves with \Recent; keywords are added to the mailbox's keyword list. `claimRecent`:
  // the appending session has this mailbox selected and takes the \Recent flag itself (it is not
  // left for another session that syncs first).
  std::optional<AppendResult> append(const std::string& login, const std::string& mailbox, std::string raw,
                                     const MessageFlags& flags, std::int64_t internalDate, bool claimRecent = false);
  // Marks these messages as no longer \Recent and returns those that were (the caller's
  // session now owns their \Recent flag, as the first session to see them does in Dovecot).
  std::vector<std::uint32_t> claimRecent(const std::string& login, const std::string& mailbox,
                                         const std::vector<std::uint32_t>& uids);
  // Turns on mod-sequence tracking (CONDSTORE was used on the mailbox).
  void enableModseq(const std::string& login, const std::string& mailbox);
  // Changes flags of the messages with these UIDs; a message whose modseq is above
  // `unchangedSince` is left alone (RFC 7162 section 3.1.3). Returns the changed messages.
  std::vector<StoredMessage> storeFlags(const std::string& login, const std::string& mailbox,
                                        const std::vector<std::uint32_t>& uids, FlagOperation operation,
                                        const MessageFlags& flags,
                                        std::optional<std::uint64_t> unchangedSince = std::nullopt);
  // Removes messages with \Deleted (only those in `uids` when given); returns the expunged UIDs.
  std::vector<std::uint32_t> expunge(const std::string& login, const std::string& mailbox,
                                     const std::optional<std::vector<std::uint32_t>>& uids = std::nullopt);
  // Copies messages (flags kept, \Recent set); returns (source uid, new uid) pairs, ascending.
  std::optional<std::pair<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>>> copyMessages(
      const std::string& login, const std::string& from, const std::vector<std::uint32_t>& uids,
      const std::string& to);

  // ---- attributes (METADATA) by Dovecot key ----
  // Server entries: mailbox "INBOX" and key kDovecotServerPrefix + key.
  [[nodiscard]] std::optional<std::string> attribute(const std::string& login, const std::string& mailbox,
                                                     AttributeType type, const std::string& key) const;
  // nullopt value deletes. kNoSuchMailbox when the mailbox is missing.
  StoreError setAttribute(const std::string& login, const std::string& mailbox, AttributeType type,
                          const std::string& key, const std::optional<std::string>& value);
  // Keys that start with `prefix`, in key order, without Dovecot-internal keys.
  [[nodiscard]] std::vector<std::string> attributeKeys(const std::string& login, const std::string& mailbox,
                                                       AttributeType type, const std::string& prefix) const;
  // Dovecot's mail_server_comment / mail_server_admin, the read-only server /shared/comment
  // and /shared/admin entries. Defaults match tests/support/real_dovecot.py's configuration.
  void setServerInfo(std::string comment, std::string admin);
  [[nodiscard]] std::string serverComment() const;
  [[nodiscard]] std::string serverAdmin() const;

 private:
  struct User {
    std::string password;
    std::map<std::string, Mailbox> mailboxes;
  };

  Mailbox* findLocked(User& user, const std::string& name);
  const Mailbox* findLocked(const User& user, const std::string& name) const;
  User* userLocked(const std::string& login);
  const User* userLocked(const std::string& login) const;
  Mailbox& createLocked(User& user, const std::string& name);
  std::uint32_t saveLocked(Mailbox& box, std::string raw, const MessageFlags& flags, std::int64_t internalDate,
                           bool recent = true);
  void notify(const std::string& login, const std::string& mailbox);
  // Removes the messages `remove` selects, logs them for expunge reporting, notifies.
  std::vector<std::uint32_t> expungeWhere(const std::string& login, const std::string& mailbox,
                                          const std::function<bool(const StoredMessage&)>& remove);

  std::uint64_t seed_;
  mutable std::mutex mutex_;
  std::map<std::string, User> users_;
  std::uint32_t uidValidityBase_;
  std::uint64_t created_ = 0;
  std::string serverComment_ = "oxharness reference Dovecot";
  std::string serverAdmin_ = "mailto:postmaster@example.org";

  std::mutex listenersMutex_;
  std::map<std::uint64_t, std::shared_ptr<std::function<void(const std::string&, const std::string&)>>> listeners_;
  std::uint64_t nextListener_ = 1;

 public:
  // MOVE (RFC 6851): removes exactly these messages, \Deleted or not; returns the removed UIDs
  // (store/mail_store_move.cpp).
  std::vector<std::uint32_t> expungeUids(const std::string& login, const std::string& mailbox,
                                         const std::vector<std::uint32_t>& uids);
  // Removes the first `count` messages in UID order (all when 0) at once, as another client's
  // EXPUNGE of many messages does: sessions see a burst of untagged EXPUNGEs (expunge storm).
  std::vector<std::uint32_t> expungeFirst(const std::string& login, const std::string& mailbox, std::size_t count);
  // Adds keywords to the mailbox's keyword list (FLAGS) without touching any message: Dovecot
  // creates a keyword that SEARCH KEYWORD names (store/mail_store_move.cpp).
  void addMailboxKeywords(const std::string& login, const std::string& mailbox,
                          const std::vector<std::string>& keywords);
  // Gives the mailbox a new UIDVALIDITY (`value`, or the next one from the seed's sequence
  // when nullopt), as `doveadm mailbox update --uid-validity` does; messages, UIDs and UIDNEXT
  // stay (confirmed against Dovecot 2.3.19 with a Maildir INBOX of two messages).
  // Returns the new value; nullopt when the user or mailbox does not exist or value is 0.
  std::optional<std::uint32_t> setUidValidity(const std::string& login, const std::string& mailbox,
                                              std::optional<std::uint32_t> value);
  // The mailbox's expunge log, oldest first (empty when the user or mailbox does not exist), for
  // QRESYNC's VANISHED (EARLIER) (store/mail_store_expunge_log.cpp).
  [[nodiscard]] std::vector<ExpungeRecord> expungeLog(const std::string& login, const std::string& mailbox) const;
};

// "inbox" (any case) -> "INBOX"; other names unchanged, and "INBOX/x" prefixes too (RFC 3501
// section 5.1: INBOX is case-insensitive).
std::string canonicalMailboxName(const std::string& name);
// Adds or removes flags; returns true when anything changed.
bool applyFlags(MessageFlags& target, FlagOperation operation, const MessageFlags& flags);

}  // namespace oxh::dovecot
