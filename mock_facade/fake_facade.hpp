#pragma once
// The fake OX App Suite middleware's HTTP API: /ajax/<module>?action=... over HTTP/1.1 (TLS
// optional, floor 1.2), with the modules login, folders, mail, config and jslob. All mail state
// lives in the IMAP server the topology names (fake or real Dovecot); sent mail goes to Sent
// and, over LMTP, to local recipients. Other modules (pns) plug in with registerAction().
// At start, every user whose flagging mode the OX Mail app does not support (colorOnly,
// flaggedAndColor) is journaled as a finding (component "facade", kind "finding",
// data.findings[0].id "oxh.facade.flagging-unsupported").
// Thread: construct, registerAction() and start() from one thread; requests run on the
// facade's own HTTP threads and IMAP connections on a thread of their own, so neither blocks
// the caller's io_context (nor does a handler waiting for IMAP block the IMAP replies).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clients/imap_client.hpp"
#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "mock_facade/ajax/ajax_call.hpp"

namespace oxh::tls {
struct TlsPolicy;
class CertificateAuthority;
}  // namespace oxh::tls

namespace oxh::facade {

struct FakeFacadeOptions {
  net::HostPort listen{"127.0.0.1", 0};
  std::shared_ptr<const tls::TlsPolicy> tls;  // set: HTTPS only
  std::shared_ptr<tls::CertificateAuthority> authority;
  std::vector<FacadeUser> users;
  net::HostPort imap{"127.0.0.1", 143};
  clients::imap::TlsMode imapTls = clients::imap::TlsMode::None;
  std::optional<net::HostPort> lmtp;
  journal::Journal* journal = nullptr;  // not owned; null: the facade keeps its own
  std::size_t bodyLimit = 10 * 1024 * 1024;  // larger bodies get an envelope error
  unsigned httpThreads = 2;
  std::string localDomain = "example.org";
  // Reported at /ajax/apps/manifests?action=config; the OX Mail app needs at least 7.8.4-rev22.
  std::string serverVersion = "7.10.6-Rev30";
  // Deliberate TLS misbehaviour (with `tls` set), so TLS checks can be shown to catch it: a
  // lower protocol floor ("TLSv1"), an already-expired certificate, one for other host names.
  std::string tlsMinVersion;
  bool tlsExpiredCertificate = false;
  std::vector<std::string> tlsHostNames;  // empty: localhost and 127.0.0.1
};

class FakeFacade {
 public:
  explicit FakeFacade(FakeFacadeOptions options);
  ~FakeFacade();
  FakeFacade(const FakeFacade&) = delete;
  FakeFacade& operator=(const FakeFacade&) = delete;

  // Adds module/action to /ajax (before start()). needsSession: session + secret cookie checked.
  void registerAction(const std::string& module, const std::string& action, AjaxAction handler, bool needsSession);

  void start();  // throws OxhException [oxh.net.listen] when the address is taken
  void stop();
  void reset();  // forgets sessions, closes IMAP connections

  [[nodiscard]] net::HostPort endpoint() const;
  [[nodiscard]] std::string url() const;  // "http://127.0.0.1:port" (https with TLS)
  [[nodiscard]] const std::vector<FacadeUser>& users() const;
  [[nodiscard]] journal::Journal& journal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oxh::facade
