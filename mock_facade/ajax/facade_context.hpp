#pragma once
// What the fake middleware's module actions share: users, sessions, the IMAP side, the LMTP
// address for local delivery of sent mail, and the journal.
// Thread: fixed after start; the members are thread-safe themselves.
#include <optional>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "mock_facade/ajax/ajax_call.hpp"
#include "mock_facade/ajax/session_store.hpp"
#include "mock_facade/flagging/flagging_mode.hpp"
#include "mock_facade/imap_client/mail_backend.hpp"

namespace oxh::facade {

struct FacadeContext {
  journal::Journal& journal;
  const std::vector<FacadeUser>& users;
  SessionStore& sessions;
  MailBackend& mail;
  std::optional<net::HostPort> lmtp;  // local recipients of sent mail; unset: Sent copy only
  std::string localDomain = "example.org";
};

// The user's flagging mode (an unknown name falls back to colorOnly, as the middleware does).
inline flagging::Mode flaggingMode(const FacadeUser& user) { return flagging::modeOrDefault(user.flagging); }

}  // namespace oxh::facade
