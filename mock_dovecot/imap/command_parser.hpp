#pragma once
// Socket-free parser for IMAP client commands (RFC 3501 section 9: tag SP command args CRLF),
// with quoted strings, lists, synchronizing literals {n} (the caller sends "+ OK"),
// non-synchronizing literals {n+} (RFC 7888 LITERAL+), literal8 ~{n} (RFC 3516), partial
// input and pipelining. Error texts are Dovecot's (core:src/lib-imap/imap-parser.c).
//
// Literal sizes are put to a LiteralPolicy before any literal byte is buffered, so a command
// can refuse a literal (APPEND to a missing mailbox, a 10 GB literal) without reading it.
// Raw lines (IDLE's DONE, SASL responses) are taken with takeLine().
// Thread: one parser per connection, not shared.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

// What the parser knows when a literal's size arrives.
struct LiteralRequest {
  const std::string& tag;
  const std::string& name;  // command name as sent
  const ImapArgs& argsSoFar;  // open lists are closed in this copy; the literal is not in it
  std::uint64_t size = 0;
  bool nonSync = false;
  bool literal8 = false;
  std::size_t lineBytes = 0;  // bytes of the command so far, as Dovecot counts them against its limit
};

struct LiteralVerdict {
  enum class Kind { kAccept, kRejected, kFatal } kind = Kind::kAccept;
  std::string message;  // kFatal: the BYE text
};

// Decides on a literal; for kRejected the policy has already answered the command.
using LiteralPolicy = std::function<LiteralVerdict(const LiteralRequest&)>;

struct ParseOutcome {
  enum class Kind {
    kNeedMore,      // feed more bytes
    kCommand,       // tag, name, args complete
    kContinue,      // send "+ OK\r\n", then poll again
    kError,         // syntax error: tag (may be empty), name (may be empty), message
    kTagError,      // the tag itself is invalid: message
    kRejected,      // the literal policy refused the literal and answered
    kFatal,         // send "* BYE message" and close
  };
  Kind kind = Kind::kNeedMore;
  std::string tag;
  std::string name;
  ImapArgs args;
  std::string message;
};

class CommandParser {
 public:
  // maxLine: Dovecot's imap_max_line_length (65536) after login, 8192 in imap-login.
  explicit CommandParser(std::size_t maxLine);

  void feed(std::string_view bytes) { buffer_.append(bytes); }
  ParseOutcome poll(const LiteralPolicy& policy);
  // The next raw line without CRLF (for IDLE and SASL), nullopt when none is complete yet.
  std::optional<std::string> takeLine();
  // Drops everything buffered (after STARTTLS: RFC 3207 section 4 style injection defence).
  void discardBuffered();
  void setMaxLine(std::size_t maxLine) { maxLine_ = maxLine; }
  [[nodiscard]] bool idle() const;  // no partial command buffered
  [[nodiscard]] std::size_t buffered() const { return buffer_.size(); }

 private:
  enum class Phase { kLine, kLiteral, kSkipLine, kSkipLiteral };

  ParseOutcome tokenizeSegment(std::string_view segment, const LiteralPolicy& policy);
  ParseOutcome error(std::string message);
  void reset();
  ImapArgs closedCopy() const;

  std::size_t maxLine_;
  std::string buffer_;
  Phase phase_ = Phase::kLine;
  std::uint64_t literalRemaining_ = 0;
  bool literal8_ = false;
  bool haveTag_ = false;
  bool haveName_ = false;
  std::string tag_;
  std::string name_;
  std::vector<ImapArgs> open_{ImapArgs{}};  // open_[0] is the argument list, the rest open lists
  std::size_t lineBytes_ = 0;
  bool skipAfterLiteral_ = false;  // after a refused {n+}: skip its bytes, then the line
};

}  // namespace oxh::dovecot::imap
