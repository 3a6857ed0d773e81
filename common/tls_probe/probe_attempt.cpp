#include "common/tls_probe/probe_attempt.hpp"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cctype>
#include <cerrno>
#include <memory>

#include "common/tls_probe/probe_socket.hpp"

namespace oxh::tlsprobe {
namespace {

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};

bool isIpLiteral(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// Drains OpenSSL's error queue into one line; notes the alert number and whether the failure
// was local (nothing this OpenSSL can offer) rather than the server's refusal.
struct SslFailure {
  std::string text;
  int alert = -1;
  bool local = false;
};

SslFailure drainErrors() {
  SslFailure failure;
  while (const unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!failure.text.empty()) {
      failure.text += "; ";
    }
    failure.text += buffer;
    const int reason = ERR_GET_REASON(code);
    if (reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256) {
      failure.alert = reason - SSL_AD_REASON_OFFSET;
    }
    if (reason == SSL_R_NO_PROTOCOLS_AVAILABLE || reason == SSL_R_NO_CIPHERS_AVAILABLE ||
        reason == SSL_R_NO_CIPHER_MATCH || reason == SSL_R_UNSUPPORTED_PROTOCOL) {
      failure.local = true;
    }
  }
  return failure;
}

std::string wireAlpn(const std::vector<std::string>& protocols) {
  std::string wire;
  for (const auto& protocol : protocols) {
    wire += static_cast<char>(protocol.size());
    wire += protocol;
  }
  return wire;
}

// OpenSSL's whole cipher vocabulary, including what level 1 forbids: the prober must be able
// to offer what a weak server would accept.
constexpr const char* kEverything = "ALL:COMPLEMENTOFALL:@SECLEVEL=0";

std::unique_ptr<SSL_CTX, SslCtxFree> makeContext(const AttemptSpec& spec, AttemptResult& result) {
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    result.outcome = AttemptOutcome::Untestable;
    result.detail = "SSL_CTX_new failed: " + drainErrors().text;
    return nullptr;
  }
  SSL_CTX_set_security_level(ctx.get(), 0);
  if (SSL_CTX_set_min_proto_version(ctx.get(), spec.version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), spec.version) != 1) {
    result.outcome = AttemptOutcome::Untestable;
    result.detail = "this OpenSSL cannot offer " + versionName(spec.version);
    return nullptr;
  }
  const std::string ciphers = spec.ciphers.empty() ? kEverything : spec.ciphers + ":@SECLEVEL=0";
  if (SSL_CTX_set_cipher_list(ctx.get(), ciphers.c_str()) != 1 && spec.version <= TLS1_2_VERSION) {
    result.outcome = AttemptOutcome::Untestable;
    result.detail = "this OpenSSL has none of the ciphers " + spec.ciphers;
    drainErrors();
    return nullptr;
  }
  if (!spec.cipherSuites.empty() && SSL_CTX_set_ciphersuites(ctx.get(), spec.cipherSuites.c_str()) != 1) {
    result.outcome = AttemptOutcome::Untestable;
    result.detail = "this OpenSSL has none of the TLS 1.3 suites " + spec.cipherSuites;
    drainErrors();
    return nullptr;
  }
  if (!spec.alpn.empty()) {
    const auto wire = wireAlpn(spec.alpn);
    SSL_CTX_set_alpn_protos(ctx.get(), reinterpret_cast<const unsigned char*>(wire.data()),
                            static_cast<unsigned>(wire.size()));
  }
  // Verification is recorded, never enforced: the prober must see a bad chain to report it.
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  if (spec.caFile.empty()) {
    SSL_CTX_set_default_verify_paths(ctx.get());
  } else if (SSL_CTX_load_verify_locations(ctx.get(), spec.caFile.c_str(), nullptr) != 1) {
    result.outcome = AttemptOutcome::Untestable;
    result.detail = "cannot read the CA bundle " + spec.caFile + ": " + drainErrors().text;
    return nullptr;
  }
  return ctx;
}

}  // namespace

AttemptResult attemptHandshake(const ProbeTarget& target, const AttemptSpec& spec) {
  AttemptResult result;
  ERR_clear_error();
  auto ctx = makeContext(spec, result);
  if (!ctx) {
    return result;
  }
  ProbeSocket socket;
  if (auto error = socket.connect(target.host, target.port, target.timeout)) {
    result.detail = *error;
    return result;
  }
  if (auto error = runStartTls(socket, target.startTls, result.preamble)) {
    result.detail = *error;
    return result;
  }
  std::unique_ptr<SSL, SslFree> ssl(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), socket.fd());
  if (spec.fallbackScsv) {
    SSL_set_mode(ssl.get(), SSL_MODE_SEND_FALLBACK_SCSV);
  }
  const std::string name = target.serverName.empty() ? target.host : target.serverName;
  if (!isIpLiteral(name)) {
    SSL_set_tlsext_host_name(ssl.get(), name.c_str());  // RFC 6066 3: no SNI for IP literals
  }
  if (SSL_connect(ssl.get()) != 1) {
    auto failure = drainErrors();
    result.alert = failure.alert;
    result.outcome = failure.local ? AttemptOutcome::Untestable : AttemptOutcome::Refused;
    result.detail = failure.text.empty() ? "the server closed the connection during the handshake" : failure.text;
    if (failure.text.empty() && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      result.detail = "no handshake answer within " + std::to_string(target.timeout.count()) + " ms";
    }
    return result;
  }
  result.outcome = AttemptOutcome::Accepted;
  result.version = SSL_get_version(ssl.get());
  result.cipher = SSL_get_cipher_name(ssl.get());
  const unsigned char* alpn = nullptr;
  unsigned alpnLength = 0;
  SSL_get0_alpn_selected(ssl.get(), &alpn, &alpnLength);
  if (alpn != nullptr) {
    result.alpn.assign(reinterpret_cast<const char*>(alpn), alpnLength);
  }
  result.verifyResult = SSL_get_verify_result(ssl.get());
  result.verifyError = X509_verify_cert_error_string(result.verifyResult);
  if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl.get())) {
    for (int i = 0; i < sk_X509_num(chain); ++i) {
      unsigned char* der = nullptr;
      const int length = i2d_X509(sk_X509_value(chain, i), &der);
      if (length > 0) {
        result.chainDer.emplace_back(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
        OPENSSL_free(der);
      }
    }
  }
  SSL_shutdown(ssl.get());
  return result;
}

std::string versionName(int version) {
  switch (version) {
    case SSL3_VERSION: return "SSLv3";
    case TLS1_VERSION: return "TLSv1";
    case TLS1_1_VERSION: return "TLSv1.1";
    case TLS1_2_VERSION: return "TLSv1.2";
    case TLS1_3_VERSION: return "TLSv1.3";
    default: return "unknown";
  }
}

int versionFromName(const std::string& name) {
  std::string n;
  for (char c : name) {
    n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (n == "sslv3" || n == "ssl3" || n == "3.0") return SSL3_VERSION;
  if (n == "tlsv1" || n == "tlsv1.0" || n == "tls1" || n == "tls1.0" || n == "1.0" || n == "1") return TLS1_VERSION;
  if (n == "tlsv1.1" || n == "tls1.1" || n == "1.1") return TLS1_1_VERSION;
  if (n == "tlsv1.2" || n == "tls1.2" || n == "1.2") return TLS1_2_VERSION;
  if (n == "tlsv1.3" || n == "tls1.3" || n == "1.3") return TLS1_3_VERSION;
  return 0;
}

std::optional<StartTls> parseStartTls(const std::string& text) {
  if (text.empty() || text == "none") return StartTls::None;
  if (text == "imap") return StartTls::Imap;
  if (text == "lmtp") return StartTls::Lmtp;
  if (text == "smtp") return StartTls::Smtp;
  return std::nullopt;
}

std::string toString(StartTls mode) {
  switch (mode) {
    case StartTls::Imap: return "imap";
    case StartTls::Lmtp: return "lmtp";
    case StartTls::Smtp: return "smtp";
    case StartTls::None: break;
  }
  return "none";
}

}  // namespace oxh::tlsprobe
