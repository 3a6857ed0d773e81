#pragma once
// The fake Mobile API Facade: the HTTP layer the OX Mail v2 app talks to, in front of the App
// Suite /ajax API. It checks what the public facade documentation requires of every request
// (ox.md 1.1): the User-Agent form (error 5) and a minimum client version (error 900), the
// headers X-Tracking-ID on every request and X-Context-ID/X-User-ID after login (error 2), the
// session cookie (error 4), required parameters (error 3); then maps the route through the API
// profile (api_profile.hpp) onto an App Suite operation and calls it OVER HTTP at appSuiteUrl,
// so the fake App Suite (FakeFacade) or a real middleware can sit behind it. Login forwards to
// /ajax/login with the facade's client id and answers {"contextId","userId"}; middleware errors
// come back wrapped as {"error": "<code>", "<error_message_field>": "..."} (LGI-0006 becomes 1);
// GET answers carry an ETag and a matching If-None-Match gets 304 (the facade's "not modified"
// mechanism is public, its exact form is UNCONFIRMED); a body over bodyLimit gets 413 with error
// 999. The App Suite version it reports (the profile's version route) is configurable, at least
// 7.8.4-rev22.
// Journal: component "mobile.http" (every exchange), "mobile" (kinds "mobile.start",
// "mobile.forward", "mobile.error", "finding").
// Thread: construct, start() and stop() from one thread; requests run on the facade's own HTTP
// threads and block on the App Suite call there.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "mock_facade/facade/api_profile.hpp"
#include "mock_facade/facade/user_agent.hpp"

namespace oxh::tls {
struct TlsPolicy;
class CertificateAuthority;
}  // namespace oxh::tls

namespace oxh::facade::mobile {

struct MobileFacadeOptions {
  net::HostPort listen{"127.0.0.1", 0};
  std::shared_ptr<const tls::TlsPolicy> tls;  // set: HTTPS only
  std::shared_ptr<tls::CertificateAuthority> authority;
  std::string appSuiteUrl;                     // "http://127.0.0.1:8009" (no trailing slash needed)
  std::optional<std::string> appSuiteCaPem;    // https App Suite: trust this CA
  ApiProfile profile = defaultApiProfile();
  std::string minimumClientVersion = "1.0.0";  // older apps get error 900
  std::string serverVersion = kMinimumServerVersion;
  journal::Journal* journal = nullptr;  // not owned; null: the facade keeps its own
  std::size_t bodyLimit = 10 * 1024 * 1024;
  unsigned httpThreads = 2;
  std::chrono::milliseconds appSuiteTimeout{15000};
};

class MobileFacade {
 public:
  // Throws OxhException [oxh.facade.mobile-config] for an unparsable version, a server version
  // below 7.8.4-rev22 or a missing appSuiteUrl.
  explicit MobileFacade(MobileFacadeOptions options);
  ~MobileFacade();
  MobileFacade(const MobileFacade&) = delete;
  MobileFacade& operator=(const MobileFacade&) = delete;

  void start();  // throws OxhException [oxh.net.listen] when the address is taken
  void stop();
  void reset();  // forgets facade sessions

  [[nodiscard]] net::HostPort endpoint() const;
  [[nodiscard]] std::string url() const;  // "http://127.0.0.1:port" (https with TLS)
  [[nodiscard]] journal::Journal& journal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oxh::facade::mobile
