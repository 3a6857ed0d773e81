#pragma once
// The push_notification "ox" driver settings as Dovecot 2.3 reads them (dovecot.md 1.1):
//   push_notification_driver = ox:url=http://user:pass@host:port/path user_from_metadata max_retries=1 timeout_msecs=2000
// Options are split on spaces; `user_from_metadata` is a flag whatever value it has; an
// unparsable number falls back silently to the default, as Dovecot does.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oxh::dovecot::push {

struct OxDriverConfig {
  std::string url;            // as configured, userinfo included
  std::string host;           // from the URL
  std::uint16_t port = 80;
  std::string target = "/";   // path and query
  std::optional<std::string> login;  // userinfo, percent-decoded
  std::optional<std::string> password;
  bool userFromMetadata = false;
  std::chrono::seconds cacheLifetime{60};
  unsigned maxRetries = 1;
  std::chrono::milliseconds timeout{2000};
  // Upstream Dovecot after 2.3.19 builds the body with a missing comma/quote when From is
  // absent; 2.3.19 itself sends well-formed JSON (confirmed against Dovecot 2.3.19: a message
  // without From gave {"user":...,"imap-uid":1,"subject":"only subject",...}).
  bool upstreamJsonQuirk = false;
};

// Parses one driver value ("ox:url=... flags"). Throws OxhException [oxh.dovecot.push-config]
// with Dovecot's message ("Driver requires the url parameter") when the value is unusable.
OxDriverConfig parseOxDriver(const std::string& value);

}  // namespace oxh::dovecot::push
