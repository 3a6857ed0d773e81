#pragma once
// IMAP as the certification checks use it: log in as a test user from a chosen source address,
// quote strings, and turn the journal of a connection into an evidence transcript.
// Thread: blocking calls on the caller's thread; io runs on the given runtime.
#include <chrono>
#include <memory>
#include <string>

#include "common/clients/imap_client.hpp"
#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "runner/certify/deployment.hpp"

namespace oxh::runner::certify {

inline constexpr auto kImapTimeout = std::chrono::seconds(10);

struct ImapProbeSession {
  std::shared_ptr<clients::imap::ImapClient> client;
  clients::imap::CommandResult capability;  // CAPABILITY after login

  clients::imap::CommandResult command(const std::string& text) const {
    return client->command(text, journal::Clock::now() + kImapTimeout);
  }
};

// Connects to `server` (host:port) from `source` (empty: any), logs in as `user`, asks CAPABILITY.
// Throws std::runtime_error / OxhException when the server refuses.
ImapProbeSession imapLogin(net::IoRuntime& io, journal::Journal& journal, const std::string& server,
                           const std::string& source, const CertifyUser& user, const std::string& connection);
std::string imapQuoted(const std::string& text);
std::string imapTranscript(const journal::Journal& journal, const std::string& connection);
// The push registration entry (dovecot.md: the ox driver reads user= from it).
inline constexpr const char* kNotifyEntry = "/private/vendor/vendor.dovecot/http-notify";
// The entry's current value, quoted for SETMETADATA, or NIL when unset.
std::string currentNotifyEntry(const ImapProbeSession& session);
// SETMETADATA of the entry to `value` (already quoted, or NIL).
clients::imap::CommandResult setNotifyEntry(const ImapProbeSession& session, const std::string& value);

// True when a CAPABILITY answer (untagged lines or the tagged [CAPABILITY ...]) names `name`.
bool hasCapability(const clients::imap::CommandResult& result, const std::string& name);

}  // namespace oxh::runner::certify
