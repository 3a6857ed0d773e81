#pragma once
// The TLS prober (issue 7): for any endpoint (HTTPS, IMAPS, IMAP/LMTP/SMTP with STARTTLS, HTTP/2)
// it reports which protocol versions are accepted (SSLv3 to TLS 1.3, offering what OpenSSL 3
// can still offer at security level 0), downgrade protection (TLS_FALLBACK_SCSV, RFC 7507), the
// cipher suites accepted per version with the weak ones flagged, the chain (trust, host name,
// expiry, key size), the ALPN protocol chosen, and the SPKI pins as Android pinning uses them.
// Each verdict comes from real handshakes (probe_attempt.hpp); nothing is inferred.
// Thread: probe() blocks the caller for the handshakes (tens on a local endpoint); no shared state.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/tls_probe/certificate_facts.hpp"
#include "common/tls_probe/cipher_catalog.hpp"
#include "common/tls_probe/probe_attempt.hpp"

namespace oxh::tlsprobe {

struct ProbeOptions {
  ProbeTarget target;
  std::string caFile;  // trust anchors for the chain check; empty: the system's
  std::vector<std::string> alpn{"h2", "http/1.1"};
  bool enumerateCiphers = true;
  // Versions to try, lowest first; default SSLv3 .. TLS 1.3.
  std::vector<int> versions;
};

struct VersionVerdict {
  std::string version;  // "TLSv1.1"
  std::string verdict;  // "accepted", "refused", "untestable", "unreachable"
  std::string detail;   // the negotiated cipher, or the alert/error
};

struct AcceptedCipher {
  std::string version;
  CipherInfo cipher;
};

struct ProbeReport {
  std::string endpoint;  // "host:port"
  std::string serverName;
  std::string startTls;
  bool reachable = false;
  std::string unreachable;  // why, when not reachable
  std::vector<VersionVerdict> versions;
  std::string fallbackScsv;  // "protected", "not protected", "not applicable: ..."
  std::string fallbackDetail;
  std::vector<AcceptedCipher> ciphers;
  std::string negotiatedVersion;  // with the highest accepted version
  std::string negotiatedCipher;
  std::string alpn;  // chosen from options.alpn; empty when none
  std::vector<CertificateFacts> chain;  // leaf first
  bool chainTrusted = false;
  std::string chainError;  // OpenSSL's verify error when not trusted
  bool hostMatches = false;
  std::string preamble;  // the STARTTLS exchange of the first attempt

  [[nodiscard]] std::optional<std::string> verdictOf(const std::string& version) const;
  [[nodiscard]] std::vector<std::string> accepted() const;  // versions accepted, lowest first
  [[nodiscard]] std::vector<std::string> pins() const;      // every chain certificate's SPKI pin
  [[nodiscard]] bool weakCipherAccepted() const;
  [[nodiscard]] nlohmann::json toJson() const;
};

ProbeReport probe(const ProbeOptions& options);

}  // namespace oxh::tlsprobe
