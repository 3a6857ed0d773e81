#include "common/tls_probe/cipher_catalog.hpp"

#include <openssl/ssl.h>

#include <memory>

#include "common/tls_probe/probe_attempt.hpp"

namespace oxh::tlsprobe {
namespace {

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};

constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:"
    "TLS_AES_128_CCM_8_SHA256";

CipherInfo grade(const SSL_CIPHER* cipher) {
  CipherInfo info;
  info.name = SSL_CIPHER_get_name(cipher);
  info.standardName = SSL_CIPHER_standard_name(cipher) != nullptr ? SSL_CIPHER_standard_name(cipher) : "";
  info.minVersion = versionFromName(SSL_CIPHER_get_version(cipher));  // "TLSv1.0", "TLSv1.2", ...
  info.bits = SSL_CIPHER_get_bits(cipher, nullptr);
  const int kx = SSL_CIPHER_get_kx_nid(cipher);
  info.forwardSecrecy = kx == NID_kx_ecdhe || kx == NID_kx_dhe || kx == NID_kx_any || kx == NID_kx_ecdhe_psk ||
                        kx == NID_kx_dhe_psk;
  const auto& n = info.name;
  const auto has = [&n](const char* part) { return n.find(part) != std::string::npos; };
  const int auth = SSL_CIPHER_get_auth_nid(cipher);
  if (has("NULL")) {
    info.why = "no encryption (NULL)";
  } else if (has("EXP")) {
    info.why = "export grade";
  } else if (auth == NID_auth_null || has("ADH") || has("AECDH")) {
    info.why = "anonymous (no server authentication)";
  } else if (has("RC4")) {
    info.why = "RC4 (RFC 7465 forbids it)";
  } else if (has("DES")) {
    info.why = "DES or 3DES (64-bit block, SWEET32)";
  } else if (has("MD5")) {
    info.why = "MD5 MAC";
  } else if (info.bits < 128) {
    info.why = "under 128-bit keys";
  }
  info.weak = !info.why.empty();
  return info;
}

std::vector<CipherInfo> catalogue(bool tls13) {
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(TLS_client_method()));
  std::vector<CipherInfo> out;
  if (!ctx) {
    return out;
  }
  SSL_CTX_set_security_level(ctx.get(), 0);
  SSL_CTX_set_cipher_list(ctx.get(), "ALL:COMPLEMENTOFALL:@SECLEVEL=0");
  SSL_CTX_set_ciphersuites(ctx.get(), kTls13Suites);
  STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(ctx.get());
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    const SSL_CIPHER* cipher = sk_SSL_CIPHER_value(ciphers, i);
    const bool is13 = versionFromName(SSL_CIPHER_get_version(cipher)) == TLS1_3_VERSION;
    if (is13 == tls13) {
      out.push_back(grade(cipher));
    }
  }
  return out;
}

}  // namespace

std::vector<CipherInfo> legacyCiphers() { return catalogue(false); }
std::vector<CipherInfo> tls13Suites() { return catalogue(true); }

CipherInfo describeCipher(const std::string& name) {
  for (bool tls13 : {true, false}) {
    for (auto& info : catalogue(tls13)) {
      if (info.name == name || info.standardName == name) {
        return info;
      }
    }
  }
  CipherInfo unknown;
  unknown.name = name;
  unknown.weak = true;
  unknown.why = "unknown to this OpenSSL";
  return unknown;
}

}  // namespace oxh::tlsprobe
