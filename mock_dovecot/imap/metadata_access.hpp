#pragma once
// RFC 5464 entries as Dovecot 2.3 maps them onto mailbox attributes
// (core:src/lib-imap-storage/imap-metadata.c, lib-storage/mailbox-attribute*.c):
// names lower-cased, /private and /shared separate, server entries stored on INBOX under
// vendor/vendor.dovecot/pvt/server/, Dovecot-internal keys hidden, built-in read-only
// entries (server /shared/comment and /shared/admin, mailbox /private/specialuse), and the
// "validated only" mode used when METADATA is not enabled for the client (imap_metadata=no),
// where only /private/specialuse answers and the rest fails with
// "Generic mailbox attributes not enabled". See dovecot.md section 2.
// Thread: one per command, not shared.
#include <optional>
#include <string>
#include <vector>

#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot::imap {

// Dovecot's imap_metadata_verify_entry_name; nullopt when valid, else the error text.
std::optional<std::string> verifyEntryName(const std::string& name);

class MetadataTransaction {
 public:
  // `mailbox` "" = server entries; otherwise the stored mailbox name.
  MetadataTransaction(MailStore& store, std::string user, std::string mailbox, bool validatedOnly);

  struct Value {
    std::optional<std::string> value;  // nullopt = does not exist (NIL)
    std::optional<std::string> error;  // "[CANNOT] ..." when the lookup failed
    bool notPossible = false;          // the error is Dovecot's MAIL_ERROR_NOTPOSSIBLE
  };
  [[nodiscard]] Value get(const std::string& entry) const;
  // Checks whether the entry can be set; the error text ("[CANNOT] ...") when not.
  [[nodiscard]] std::optional<std::string> checkSet(const std::string& entry) const;
  void set(const std::string& entry, const std::optional<std::string>& value);
  // Sub-entry names below `entry` (relative, e.g. "vendor.dovecot/http-notify"), as a DEPTH
  // iteration sees them; reproduces Dovecot's empty answer for server "/private" and "/shared".
  [[nodiscard]] std::vector<std::string> children(const std::string& entry) const;

 private:
  struct Key {
    AttributeType type = AttributeType::kPrivate;
    std::string key;
    bool internal = false;  // Dovecot's own pvt keys: GET gives NIL, SET is refused
  };
  [[nodiscard]] Key toKey(const std::string& entry) const;
  [[nodiscard]] std::string storeMailbox() const { return mailbox_.empty() ? "INBOX" : mailbox_; }

  MailStore& store_;
  std::string user_;
  std::string mailbox_;
  bool validatedOnly_;
};

}  // namespace oxh::dovecot::imap
