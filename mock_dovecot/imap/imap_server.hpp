#pragma once
// The fake Dovecot's IMAP listeners: plain with STARTTLS, and optionally implicit TLS
// (imaps). Each connection runs an ImapSession (socket-free protocol core) on its own strand
// with async doX/onX pairs; store changes reach idling sessions through MailStore::subscribe.
// METADATA is enabled only for clients whose address lies in `metadataNetworks`, like
// Dovecot's `remote <net> { protocol imap { imap_metadata = yes } }` block.
// Journal (component "dovecot.imap", connection "imap-<n>"): connection.open, tls.handshake,
// imap.command, imap.response, imap.fault (an armed fault applied), connection.close.
// Ownership: the store and the journal must outlive the server. Thread: start()/stop()/
// endpoint() from any thread; connections run on the io_context's threads.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_dovecot/imap/imap_faults.hpp"
#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::tls {
class CertificateAuthority;
}

namespace oxh::dovecot::imap {

struct ImapServerOptions {
  net::HostPort listen{"127.0.0.1", 0};  // plain IMAP, STARTTLS offered when `authority` is set
  std::optional<net::HostPort> listenImaps;  // implicit TLS; needs `authority`
  std::shared_ptr<tls::CertificateAuthority> authority;
  tls::TlsPolicy tls;
  std::vector<std::string> tlsHostNames{"localhost", "127.0.0.1"};
  tls::LeafOptions tlsLeaf;  // validity/backdate of the issued certificate (an expired one for TLS checks)
  std::string profile = "dovecot-2.3";  // imap/capabilities.hpp
  std::vector<std::string> capabilityToggles;  // "+X" / "-X" on top of the profile (applyCapabilityToggles)
  std::vector<std::string> metadataNetworks{"127.0.0.1/32", "::1/128"};
  std::string greeting = "Dovecot (Debian) ready.";
  journal::Journal* journal = nullptr;
};

class ImapServer {
 public:
  // Throws OxhException [oxh.dovecot.profile] for an unknown profile, [oxh.dovecot.capability]
  // for a bad capability toggle, [oxh.dovecot.cidr] for
  // a bad network, [oxh.dovecot.tls] when imaps is asked for without an authority.
  ImapServer(boost::asio::io_context& context, MailStore& store, ImapServerOptions options);
  ~ImapServer();
  ImapServer(const ImapServer&) = delete;
  ImapServer& operator=(const ImapServer&) = delete;

  void start();  // binds both listeners; throws OxhException [oxh.net.listen]
  void stop();   // stops accepting and closes every connection
  [[nodiscard]] net::HostPort endpoint() const;
  [[nodiscard]] net::HostPort imapsEndpoint() const;  // port 0 when there is no imaps listener
  // Arms a one-shot fault (imap/imap_faults.hpp). `bye` acts on the open sessions at once;
  // drop_idle also drops a session idling now; no/delay wait for their command.
  void arm(ImapFault fault);
  [[nodiscard]] std::vector<ImapFault> armedFaults() const;
  void clearFaults();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace oxh::dovecot::imap
