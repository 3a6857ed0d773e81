#pragma once
// The runner's LMTP client (RFC 2033): plays the MTA delivering to a fake or a real Dovecot.
// One session per delivery: LHLO, MAIL FROM, RCPT TO per recipient, DATA with one reply per
// accepted recipient, QUIT. Every line both ways is journaled (component "runner.lmtp",
// kinds "lmtp.sent" and "lmtp.reply").
// Thread: blocking; runs its own io_context, so it is safe from any thread.
#include <chrono>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"

namespace oxh::clients::lmtp {

struct Reply {
  int code = 0;
  std::string text;  // all lines joined with '\n', without the codes
  [[nodiscard]] std::string str() const;
};

struct Delivery {
  std::string lhloName = "oxharness.test";
  std::string mailFrom;                 // address without brackets; may be empty (null sender)
  std::vector<std::string> recipients;  // addresses
  std::string message;                  // RFC 5322 message; line endings normalised to CRLF
};

struct DeliveryResult {
  std::vector<std::pair<std::string, Reply>> rcptReplies;  // per recipient, in order
  std::vector<std::pair<std::string, Reply>> dataReplies;  // per accepted recipient
  Reply mailReply;
};

// Throws OxhException [oxh.lmtp.connect], [oxh.lmtp.timeout], [oxh.lmtp.protocol] (an
// unexpected greeting, LHLO or MAIL reply, or a connection lost).
DeliveryResult deliver(const net::HostPort& server, const Delivery& delivery, journal::Journal& journal,
                       const std::string& connectionName, journal::Clock::time_point deadline);

// CRLF line endings and SMTP dot-stuffing (RFC 5321 section 4.5.2), terminated by ".\r\n".
std::string encodeData(const std::string& message);

}  // namespace oxh::clients::lmtp
