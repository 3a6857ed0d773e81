#include "common/tls/tls_policy.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>

#include "common/error/error.hpp"
#include "common/tls/openssl_util.hpp"

namespace oxh::tls {

namespace ssl = boost::asio::ssl;

bool TlsPolicy::weakened() const { return insecure || parseTlsVersion(minVersion) < TLS1_2_VERSION; }

int parseTlsVersion(const std::string& text) {
  std::string v = text;
  for (const char* prefix : {"TLSv", "TLS", "tls"}) {
    if (v.rfind(prefix, 0) == 0) {
      v = v.substr(std::char_traits<char>::length(prefix));
      break;
    }
  }
  if (v == "1" || v == "1.0") {
    return TLS1_VERSION;
  }
  if (v == "1.1") {
    return TLS1_1_VERSION;
  }
  if (v == "1.2") {
    return TLS1_2_VERSION;
  }
  if (v == "1.3") {
    return TLS1_3_VERSION;
  }
  throw OxhException(
      Error("oxh.tls.bad-version", "unknown TLS version '" + text + "' (want TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)"));
}

namespace {

// Holds what OpenSSL callbacks point at for as long as the context lives.
struct ContextHolder {
  explicit ContextHolder(ssl::context::method method) : context(method) {}
  ssl::context context;
  std::string alpnWire;  // RFC 7301 §3.1 ProtocolNameList without the outer length
  bool alpnStrict = false;
};

std::string alpnWireFormat(const std::vector<std::string>& protocols) {
  std::string wire;
  for (const auto& protocol : protocols) {
    if (protocol.empty() || protocol.size() > 255) {
      throw OxhException(Error("oxh.tls.alpn", "ALPN protocol names are 1..255 bytes: '" + protocol + "'"));
    }
    wire += static_cast<char>(protocol.size());
    wire += protocol;
  }
  return wire;
}

// Server preference order: the first of our protocols that the client offered.
int selectAlpn(SSL* /*ssl*/, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
               unsigned int inlen, void* arg) {
  const auto* holder = static_cast<const ContextHolder*>(arg);
  const auto& ours = holder->alpnWire;
  for (std::size_t i = 0; i < ours.size(); i += 1 + static_cast<unsigned char>(ours[i])) {
    const auto len = static_cast<unsigned char>(ours[i]);
    for (unsigned int j = 0; j < inlen; j += 1u + in[j]) {
      if (in[j] == len && j + 1 + len <= inlen &&
          ours.compare(i + 1, len, reinterpret_cast<const char*>(in + j + 1), len) == 0) {
        *out = in + j + 1;
        *outlen = len;
        return SSL_TLSEXT_ERR_OK;
      }
    }
  }
  return holder->alpnStrict ? SSL_TLSEXT_ERR_ALERT_FATAL : SSL_TLSEXT_ERR_NOACK;
}

void applyVersions(SSL_CTX* ctx, const std::string& minVersion, const std::string& maxVersion) {
  const int min = parseTlsVersion(minVersion);
  if (min < TLS1_2_VERSION) {
    // OpenSSL 3 at security level 1+ cannot do TLS 1.0/1.1 (SHA-1/MD5 in their handshake).
    SSL_CTX_set_security_level(ctx, 0);
  }
  if (SSL_CTX_set_min_proto_version(ctx, min) != 1) {
    ossl::fail("oxh.tls.context", "cannot set minimum TLS version " + minVersion);
  }
  if (!maxVersion.empty() && SSL_CTX_set_max_proto_version(ctx, parseTlsVersion(maxVersion)) != 1) {
    ossl::fail("oxh.tls.context", "cannot set maximum TLS version " + maxVersion);
  }
}

void applyCiphers(SSL_CTX* ctx, const std::string& ciphers, const std::string& suites) {
  if (!ciphers.empty() && SSL_CTX_set_cipher_list(ctx, ciphers.c_str()) != 1) {
    ossl::fail("oxh.tls.context", "cipher list '" + ciphers + "' rejected");
  }
  if (!suites.empty() && SSL_CTX_set_ciphersuites(ctx, suites.c_str()) != 1) {
    ossl::fail("oxh.tls.context", "TLS 1.3 cipher suites '" + suites + "' rejected");
  }
}

int acceptAnyClientCertificate(int /*preverified*/, X509_STORE_CTX* /*ctx*/) { return 1; }

void addCa(ssl::context& context, const std::string& pem, const char* what) {
  boost::system::error_code ec;
  context.add_certificate_authority(boost::asio::buffer(pem), ec);
  if (ec) {
    throw OxhException(Error("oxh.tls.context", std::string("cannot use ") + what + ": " + ec.message()));
  }
}

std::shared_ptr<ssl::context> share(std::shared_ptr<ContextHolder> holder) {
  auto* context = &holder->context;
  return {std::move(holder), context};
}

}  // namespace

std::shared_ptr<ssl::context> makeServerContext(const TlsPolicy& policy, const std::string& certChainPem,
                                                const std::string& keyPem) {
  auto holder = std::make_shared<ContextHolder>(ssl::context::tls_server);
  SSL_CTX* ctx = holder->context.native_handle();
  holder->context.set_options(ssl::context::default_workarounds | ssl::context::single_dh_use);
  applyVersions(ctx, policy.minVersion, policy.maxVersion);
  applyCiphers(ctx, policy.ciphers, policy.cipherSuites);

  boost::system::error_code ec;
  holder->context.use_certificate_chain(boost::asio::buffer(certChainPem), ec);
  if (!ec) {
    holder->context.use_private_key(boost::asio::buffer(keyPem), ssl::context::pem, ec);
  }
  if (ec || SSL_CTX_check_private_key(ctx) != 1) {
    throw OxhException(Error("oxh.tls.context", "server certificate/key rejected: " + ec.message()));
  }

  if (!policy.alpn.empty()) {
    holder->alpnWire = alpnWireFormat(policy.alpn);
    holder->alpnStrict = policy.alpnStrict;
    SSL_CTX_set_alpn_select_cb(ctx, &selectAlpn, holder.get());
  }

  using Mode = TlsPolicy::ClientCertMode;
  if (policy.clientCerts != Mode::None) {
    int mode = SSL_VERIFY_PEER;
    if (policy.clientCerts == Mode::Require) {
      mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    }
    if (policy.clientCaPem.empty()) {
      SSL_CTX_set_verify(ctx, mode, &acceptAnyClientCertificate);
    } else {
      addCa(holder->context, policy.clientCaPem, "client CA");
      SSL_CTX_set_verify(ctx, mode, nullptr);
    }
  }
  return share(std::move(holder));
}

std::shared_ptr<ssl::context> makeClientContext(const ClientTlsOptions& options) {
  auto holder = std::make_shared<ContextHolder>(ssl::context::tls_client);
  SSL_CTX* ctx = holder->context.native_handle();
  applyVersions(ctx, options.minVersion, options.maxVersion);
  applyCiphers(ctx, options.ciphers, options.cipherSuites);
  if (!options.alpn.empty()) {
    const auto wire = alpnWireFormat(options.alpn);
    // Note: SSL_CTX_set_alpn_protos returns 0 on success, unlike most of OpenSSL.
    if (SSL_CTX_set_alpn_protos(ctx, reinterpret_cast<const unsigned char*>(wire.data()),
                                static_cast<unsigned int>(wire.size())) != 0) {
      ossl::fail("oxh.tls.context", "cannot set ALPN protocols");
    }
  }
  if (options.caPem) {
    addCa(holder->context, *options.caPem, "CA");
    holder->context.set_verify_mode(ssl::verify_peer);
  } else {
    holder->context.set_verify_mode(ssl::verify_none);
  }
  if (!options.certPem.empty()) {
    boost::system::error_code ec;
    holder->context.use_certificate_chain(boost::asio::buffer(options.certPem), ec);
    if (!ec) {
      holder->context.use_private_key(boost::asio::buffer(options.keyPem), ssl::context::pem, ec);
    }
    if (ec) {
      throw OxhException(Error("oxh.tls.context", "client certificate/key rejected: " + ec.message()));
    }
  }
  return share(std::move(holder));
}

bool setClientPeerName(ssl_st* ssl, const std::string& host, bool verify) {
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(host, ec);
  const bool literal = !ec;
  if (!literal && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
    return false;
  }
  if (!verify) {
    return true;
  }
  if (literal) {
    return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
  }
  return SSL_set1_host(ssl, host.c_str()) == 1;
}

TlsInfo describeSession(const ssl_st* ssl) {
  TlsInfo info;
  info.version = SSL_get_version(ssl);
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
    info.cipher = SSL_CIPHER_get_name(cipher);
  }
  const unsigned char* alpn = nullptr;
  unsigned int alpnLength = 0;
  SSL_get0_alpn_selected(ssl, &alpn, &alpnLength);
  if (alpn != nullptr) {
    info.alpn.assign(reinterpret_cast<const char*>(alpn), alpnLength);
  }
  if (X509* peer = SSL_get0_peer_certificate(ssl)) {
    info.peerCertificate = true;
    char subject[512];
    X509_NAME_oneline(X509_get_subject_name(peer), subject, sizeof subject);
    info.peerSubject = subject;
  }
  return info;
}

}  // namespace oxh::tls
