#pragma once
// Per-listener (and per-client) TLS policy objects (DESIGN.md §4 "TLS"): never global state.
// The floor is TLS 1.2 (RFC 8996 deprecates TLS 1.0 and 1.1); a scenario that needs an older
// protocol lowers it explicitly, which also drops OpenSSL's security level to 0 because
// OpenSSL 3 otherwise refuses TLS 1.0/1.1 (their SHA-1 signatures) at the default level 1.
// Thread: value types; the contexts made from them are immutable once returned.
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct ssl_st;  // OpenSSL's SSL

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace oxh::tls {

struct TlsPolicy {
  std::string minVersion = "TLSv1.2";  // "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"
  std::string maxVersion;              // empty = library max
  std::string ciphers;                 // TLS <= 1.2 cipher list, empty = OpenSSL default at seclevel
  std::string cipherSuites;            // TLS 1.3 suites, empty = OpenSSL default
  std::vector<std::string> alpn;       // server: protocols offered in preference order
  enum class ClientCertMode { None, Request, Require } clientCerts = ClientCertMode::None;
  bool insecure = false;  // set when a scenario deliberately weakens TLS, so reports can say so

  // Added: with no common ALPN protocol, a strict server sends the fatal no_application_protocol
  // alert (RFC 7301 §3.2); the default carries on without ALPN as most deployed servers do.
  bool alpnStrict = false;
  // Added: client certificates are verified against this CA when set; otherwise any presented
  // certificate is accepted (and recorded), since the harness observes rather than enforces.
  std::string clientCaPem;

  // True when the policy allows anything below TLS 1.2 or sets `insecure`.
  [[nodiscard]] bool weakened() const;
};

// Maps "TLSv1".."TLSv1.3" (also "1.2", "TLS1.2") to OpenSSL's TLS1_x_VERSION; throws
// OxhException [oxh.tls.bad-version] for anything else.
int parseTlsVersion(const std::string& text);

// A server context for `policy`, presenting `certChainPem` (leaf first) with `keyPem`.
// Throws OxhException [oxh.tls.context] when OpenSSL rejects the policy or the key pair.
std::shared_ptr<boost::asio::ssl::context> makeServerContext(const TlsPolicy& policy, const std::string& certChainPem,
                                                             const std::string& keyPem);

// What a client (http1::send, runner steps, tests) asks of a connection.
struct ClientTlsOptions {
  std::string minVersion = "TLSv1.2";
  std::string maxVersion;
  std::string ciphers;
  std::string cipherSuites;
  std::vector<std::string> alpn;     // offered in this order
  std::optional<std::string> caPem;  // verify the server against this CA; unset = no verification
  std::string certPem;               // client certificate (optional)
  std::string keyPem;
};

// A client context; hostname checks are per connection (see setClientPeerName).
std::shared_ptr<boost::asio::ssl::context> makeClientContext(const ClientTlsOptions& options);

// Sets SNI (RFC 6066 §3: host names only, never IP literals) and, when `verify`, the name the
// peer certificate must carry (DNS SAN or IP SAN).
// Returns false when OpenSSL rejects the name.
bool setClientPeerName(ssl_st* ssl, const std::string& host, bool verify);

// What a finished handshake negotiated, for journals and reports.
struct TlsInfo {
  std::string version;  // "TLSv1.3"
  std::string cipher;   // "TLS_AES_256_GCM_SHA384"
  std::string alpn;     // empty when none was negotiated
  bool peerCertificate = false;
  std::string peerSubject;  // client certificate subject, when one was presented
};
TlsInfo describeSession(const ssl_st* ssl);

}  // namespace oxh::tls
