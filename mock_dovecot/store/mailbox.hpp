#pragma once
// The data a MailStore keeps per mailbox and per message, and the snapshots it hands out.
// Snapshots are copies (message bodies shared, immutable), so IMAP sessions read them without
// holding the store lock. Thread: value types.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace oxh::dovecot {

// RFC 3501 section 2.3.2 system flags as bits, in the order Dovecot prints them
// (imap_write_flags: \Answered \Flagged \Deleted \Seen \Draft, then \Recent, then keywords).
enum SystemFlag : std::uint8_t {
  kFlagAnswered = 1U << 0U,
  kFlagFlagged = 1U << 1U,
  kFlagDeleted = 1U << 2U,
  kFlagSeen = 1U << 3U,
  kFlagDraft = 1U << 4U,
};

struct MessageFlags {
  std::uint8_t system = 0;             // SystemFlag bits
  std::vector<std::string> keywords;   // e.g. "$cl_1", in the order first set
  bool operator==(const MessageFlags&) const = default;
};

struct StoredMessage {
  std::uint32_t uid = 0;
  std::shared_ptr<const std::string> raw;  // RFC 5322 bytes, never modified after saving
  MessageFlags flags;
  std::int64_t internalDate = 0;  // Unix seconds
  std::int64_t saveDate = 0;      // Unix seconds (SAVEDATE, RFC 8514)
  std::uint64_t modseq = 0;       // RFC 7162 per-message mod-sequence
  bool recent = false;            // not yet claimed by a session (RFC 3501 \Recent)
};

// One entry of the expunge log: lets QRESYNC-style code answer "what vanished since modseq M".
struct ExpungeRecord {
  std::uint64_t modseq = 0;
  std::uint32_t uid = 0;
  // The flags the message had when it was expunged: a session that still shows the message is
  // told of a flag change made before the expunge (confirmed against Dovecot 2.3.19).
  MessageFlags flags;
};

struct Mailbox {
  std::string name;  // full name with "/" separators; "INBOX" always upper case
  std::uint32_t uidValidity = 0;
  std::uint32_t uidNext = 1;
  std::uint64_t highestModseq = 1;  // Dovecot starts a fresh mailbox at 1 (confirmed against Dovecot 2.3.19)
  // Dovecot turns mod-sequence tracking on for a mailbox the first time CONDSTORE is used on
  // it and keeps it on; only then does SELECT print [HIGHESTMODSEQ] (confirmed against Dovecot 2.3.19).
  bool modseqTracking = false;
  bool subscribed = false;
  std::string specialUse;                     // "\\Sent", "" for none
  std::vector<std::string> keywords;          // every keyword ever used here (FLAGS response)
  std::vector<StoredMessage> messages;        // ascending UID
  std::vector<ExpungeRecord> expunged;
  // RFC 5464 attributes by Dovecot key (entry without "/private/" or "/shared/", lower case).
  // Server entries live on INBOX under "vendor/vendor.dovecot/pvt/server/", as in Dovecot.
  std::map<std::string, std::string> privateAttributes;
  std::map<std::string, std::string> sharedAttributes;
  std::uint64_t createdOrder = 0;  // LIST order
};

// What a session sees of a mailbox at one moment.
struct MailboxSnapshot {
  std::string name;
  std::uint32_t uidValidity = 0;
  std::uint32_t uidNext = 1;
  std::uint64_t highestModseq = 1;
  bool modseqTracking = false;
  std::string specialUse;
  std::vector<std::string> keywords;
  std::vector<StoredMessage> messages;
  std::vector<ExpungeRecord> expunged;  // the expunge log's tail MailStore::snapshot was asked for
  std::uint64_t createdOrder = 0;       // which mailbox this is: a re-created one has another

  [[nodiscard]] std::size_t unseen() const;
  [[nodiscard]] std::size_t recent() const;
  // 1-based sequence number of the first message without \Seen, 0 when none.
  [[nodiscard]] std::size_t firstUnseen() const;
};

}  // namespace oxh::dovecot
