#pragma once
// Dovecot 2.3's LMTP server (RFC 2033) as a socket-free state machine: bytes in, replies out.
// Reply texts, the headers Dovecot prepends and the session/transaction ids follow what real
// Dovecot 2.3.19 answered on this project's probes (each marked "confirmed against Dovecot
// 2.3.19" below). A finished transaction is handed to the caller as a Transaction; its
// per-recipient replies are sent only when the caller calls finishTransaction(), because
// Dovecot holds them until its push notifications are done (dovecot.md section 1.5).
// Thread: one instance per connection, used from that connection's strand.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::dovecot::lmtp {

struct Recipient {
  std::string address;  // as the client wrote it inside <>
  std::string user;     // the account (detail and case folded away)
  std::string detail;   // "+Folder" part without '+', empty when none
  std::string replyId;  // "<session>[:T<n>][:R<m>]" as Dovecot prints in "250 2.0.0 <rcpt> <id> Saved"
};

struct Transaction {
  std::string mailFrom;               // "" for the null sender
  std::vector<Recipient> recipients;  // accepted ones, in RCPT order
  std::string message;                // the data as received (dot-unstuffed, CRLF)
  std::string receivedId;             // the id Dovecot writes into Received:
};

struct LmtpOptions {
  std::string hostname;     // greeting and Received "by"; Dovecot uses the host name
  std::string clientIp = "127.0.0.1";
  std::size_t maxMessageSize = 64 * 1024 * 1024;
  std::function<bool(const std::string& user)> userExists;  // RCPT check
  std::function<std::string()> newSessionId;                // 22 base64 characters, like Dovecot's GUIDs
};

class LmtpProtocol {
 public:
  explicit LmtpProtocol(LmtpOptions options);

  [[nodiscard]] std::string greeting() const;  // "220 <host> Dovecot (Debian) ready.\r\n"
  // Consumes bytes; returns what to send. When a transaction completes, stops consuming and
  // returns it through pending(); call finishTransaction() with one reply line per recipient.
  std::string feed(std::string_view bytes);
  [[nodiscard]] std::optional<Transaction>& pending() { return pending_; }
  std::string finishTransaction(const std::vector<std::string>& recipientReplies);
  [[nodiscard]] bool closed() const { return closed_; }

  // The message as Dovecot stores it: Return-Path, Delivered-To (single recipient only),
  // Received, then the data (confirmed against Dovecot 2.3.19).
  [[nodiscard]] std::string storedMessage(const Transaction& transaction, const Recipient& recipient,
                                          std::int64_t unixTime) const;

 private:
  std::string command(std::string_view line);
  std::string mailFrom(std::string_view arguments);
  std::string rcptTo(std::string_view arguments);
  std::string startData();
  std::string bdat(std::string_view arguments);
  void completeTransaction();
  void resetTransaction();

  LmtpOptions options_;
  std::string buffer_;
  std::string lhloName_;
  std::string sessionId_;
  unsigned transactionCount_ = 0;
  std::optional<std::string> mailFrom_;
  std::vector<Recipient> recipients_;
  unsigned rcptIndex_ = 0;  // RCPT commands in this transaction, accepted or not
  enum class Mode { Commands, Data, Chunk } mode_ = Mode::Commands;
  std::string data_;
  std::size_t chunkRemaining_ = 0;
  std::size_t lastChunkSize_ = 0;
  bool chunkLast_ = false;
  std::optional<Transaction> pending_;
  bool closed_ = false;
};

}  // namespace oxh::dovecot::lmtp
