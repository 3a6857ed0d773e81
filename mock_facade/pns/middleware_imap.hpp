#pragma once
// What the middleware does over IMAP for push, with the user's own credentials:
//   - the badge: STATUS INBOX (UNSEEN);
//   - the permanent listener's registration at Dovecot (ox.md 4.3, DefaultRegistrationPerformer):
//       GETMETADATA "" (/private/vendor/vendor.dovecot/http-notify)
//       SETMETADATA "" (/private/vendor/vendor.dovecot/http-notify "user=<uid>@<cid>")
//     skipped when the value is already that; unregistration sets NIL. Without the METADATA
//     capability the registration is denied, as the middleware does.
// Each call opens its own connection (LOGIN ... LOGOUT). IMAP traffic is journaled by the IMAP
// client (component "runner.imap", connection "pns.<purpose>.<uid>@<cid>#<n>").
// Thread: blocking; call from a thread that is NOT running `context` (the PNS worker), since
// ImapClient::command waits for answers that arrive on `context`.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"

namespace oxh::facade::pns {

inline constexpr const char* kHttpNotifyEntry = "/private/vendor/vendor.dovecot/http-notify";

struct ImapAccount {
  net::HostPort server;
  std::string login;
  std::string password;
  std::int64_t userId = 0;
  std::int64_t contextId = 0;
};

struct ListenerOutcome {
  bool ok = false;
  bool skipped = false;  // GETMETADATA already showed the value
  std::string previous;  // the value found ("" when NIL)
  std::string error;
};

class MiddlewareImap {
 public:
  MiddlewareImap(boost::asio::io_context& context, journal::Journal& journal, std::chrono::milliseconds timeout);

  // nullopt (with `error` set) when the lookup failed.
  std::optional<long long> unseen(const ImapAccount& account, std::string& error);
  ListenerOutcome registerListener(const ImapAccount& account);
  ListenerOutcome unregisterListener(const ImapAccount& account);

 private:
  boost::asio::io_context& context_;
  journal::Journal& journal_;
  std::chrono::milliseconds timeout_;
};

// IMAP quoted string (RFC 3501 4.3): backslash and double quote escaped.
std::string imapQuote(const std::string& text);

}  // namespace oxh::facade::pns
