#pragma once
// One TLS handshake attempt against an endpoint, for the prober: a fresh TCP connection, the
// protocol's STARTTLS preamble when asked (IMAP, LMTP, SMTP), then a client handshake with
// exactly the versions, ciphers, ALPN and fallback signalling of the attempt. Blocking sockets
// with timeouts; nothing is sent after the handshake. Our own code on OpenSSL (issue 7).
// Thread: free function, no shared state; callable from any thread.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace oxh::tlsprobe {

enum class StartTls { None, Imap, Lmtp, Smtp };

// "none", "imap", "lmtp", "smtp"; nullopt for anything else.
std::optional<StartTls> parseStartTls(const std::string& text);
std::string toString(StartTls mode);

struct ProbeTarget {
  std::string host;        // connect address (name or IP literal)
  int port = 0;
  std::string serverName;  // SNI and the host-name check; empty: host (no SNI for IP literals)
  StartTls startTls = StartTls::None;
  std::chrono::milliseconds timeout{5000};  // per connect, per read and per handshake step
};

struct AttemptSpec {
  int version = 0;                 // TLS1_VERSION ... TLS1_3_VERSION, SSL3_VERSION; min = max = this
  std::string ciphers;             // TLS <= 1.2 list; empty: everything OpenSSL has at level 0
  std::string cipherSuites;        // TLS 1.3 suites; empty: OpenSSL's
  std::vector<std::string> alpn;   // offered in this order; empty: no ALPN extension
  bool fallbackScsv = false;       // RFC 7507: tell the server this is a fallback connection
  std::string caFile;              // verify against this bundle; empty: the system's default paths
};

enum class AttemptOutcome {
  Accepted,    // the handshake completed
  Refused,     // the server answered with an alert or closed the connection
  Untestable,  // this OpenSSL cannot offer what the attempt asks (e.g. SSLv3 compiled out)
  Unreachable  // no TCP connection, or the STARTTLS preamble failed
};

struct AttemptResult {
  AttemptOutcome outcome = AttemptOutcome::Unreachable;
  std::string detail;  // OpenSSL's error or the preamble's complaint
  int alert = -1;      // the fatal alert the server sent, when known (RFC 8446 6: 70, 86, ...)
  std::string version;
  std::string cipher;
  std::string alpn;
  long verifyResult = -1;               // X509_V_OK (0) when the chain verified
  std::string verifyError;              // X509_verify_cert_error_string
  std::vector<std::string> chainDer;    // peer chain as sent, leaf first (DER bytes)
  std::string preamble;                 // the STARTTLS exchange, for evidence
};

AttemptResult attemptHandshake(const ProbeTarget& target, const AttemptSpec& spec);

// TLS version names as OpenSSL prints them: "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3".
std::string versionName(int version);
// Inverse of versionName (also "1.2", "TLS1.2"); 0 when unknown.
int versionFromName(const std::string& name);

}  // namespace oxh::tlsprobe
