#pragma once
// The fault proxy's TLS-terminating mode (`tls: terminate`): the proxy accepts TLS from the
// client with a certificate from the harness CA for the configured host names, and talks to
// the upstream in TLS (`upstream_tls`) or plain, so the TCP and HTTP faults act on the
// decrypted stream. ALPN: the proxy selects from the client's offer by its own `alpn`
// preference list (empty: no ALPN) and offers the upstream exactly the protocol it selected.
// The TLS faults need this mode: tls_certificate picks another server context here;
// tls_alert and tls_stall never reach OpenSSL (tlsAlertRecord is written on the raw socket).
// Thread: every member is safe from any thread (contexts are built once, under a mutex, and
// immutable afterwards).
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace oxh::tls {
class CertificateAuthority;
}

namespace oxh::faults {

struct TlsTerminationOptions {
  std::vector<std::string> hosts;      // names on the proxy's certificate; empty: localhost, 127.0.0.1
  std::string minVersion = "TLSv1.2";  // the floor toward the client
  std::vector<std::string> alpn;       // the proxy's ALPN preference toward the client
  bool upstreamTls = false;
  std::string upstreamCaPem;       // verify the upstream against this CA; empty: not verified
  std::string upstreamServerName;  // SNI and verified name; empty: the upstream's host
  std::shared_ptr<tls::CertificateAuthority> authority;  // null: a fresh CA
};

class TlsTermination {
 public:
  // Throws OxhException [oxh.tls.*] when the policy or the CA is unusable.
  explicit TlsTermination(TlsTerminationOptions options);
  [[nodiscard]] const TlsTerminationOptions& options() const { return options_; }
  // The CA that signed the proxy's certificate, for clients to trust.
  [[nodiscard]] std::string caPem() const;
  // `certificate`: "" (valid for the hosts), "expired", "wrong_host" or "self_signed".
  std::shared_ptr<boost::asio::ssl::context> serverContext(const std::string& certificate);
  // Offers `alpn` (empty: no ALPN) to the upstream.
  std::shared_ptr<boost::asio::ssl::context> upstreamContext(const std::string& alpn);

 private:
  TlsTerminationOptions options_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<boost::asio::ssl::context>> servers_;
  std::map<std::string, std::shared_ptr<boost::asio::ssl::context>> upstreams_;
};

// A fatal TLS alert record (RFC 8446 §5.1, §6: content type 21, level 2, `description`),
// as a server sends it in answer to a ClientHello it refuses.
[[nodiscard]] std::string tlsAlertRecord(std::uint8_t description);

// True when `bytes` start like a TLS handshake record (content type 22, version 3.x).
[[nodiscard]] bool looksLikeClientHello(const std::string& bytes);

}  // namespace oxh::faults
