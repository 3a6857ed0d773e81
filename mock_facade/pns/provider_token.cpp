#include "mock_facade/pns/provider_token.hpp"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "common/codec/base64.hpp"
#include "common/error/error.hpp"

namespace oxh::facade::pns {

std::string base64Url(std::string_view bytes) {
  std::string text = codec::base64Encode(bytes);
  for (auto& c : text) {
    if (c == '+') {
      c = '-';
    } else if (c == '/') {
      c = '_';
    }
  }
  while (!text.empty() && text.back() == '=') {
    text.pop_back();
  }
  return text;
}

std::string makeProviderToken(const std::string& keyPem, const std::string& keyId, const std::string& teamId,
                              std::chrono::system_clock::time_point issuedAt) {
  const auto bad = [](const std::string& why) { return OxhException(Error("oxh.pns.apns-key", why)); };
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(keyPem.data(), static_cast<int>(keyPem.size())),
                                                BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
                                                          EVP_PKEY_free);
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC || EVP_PKEY_get_bits(key.get()) != 256) {
    throw bad("the APNs signing key is not an EC P-256 private key in PEM");
  }
  const nlohmann::ordered_json header{{"alg", "ES256"}, {"kid", keyId}};
  const nlohmann::ordered_json claims{
      {"iss", teamId}, {"iat", std::chrono::duration_cast<std::chrono::seconds>(issuedAt.time_since_epoch()).count()}};
  const std::string input = base64Url(header.dump()) + "." + base64Url(claims.dump());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t length = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size()) !=
          1) {
    throw bad("cannot sign the provider token");
  }
  std::string der(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    throw bad("cannot sign the provider token");
  }
  // JWS wants R||S, each 32 bytes big-endian (RFC 7518 3.4), not OpenSSL's DER.
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(length)),
                                                            ECDSA_SIG_free);
  if (!sig) {
    throw bad("cannot decode the ECDSA signature");
  }
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
  return input + "." + base64Url(raw);
}

ProviderTokenCache::ProviderTokenCache(std::string keyPem, std::string keyId, std::string teamId)
    : keyPem_(std::move(keyPem)), keyId_(std::move(keyId)), teamId_(std::move(teamId)) {}

std::string ProviderTokenCache::current(std::chrono::system_clock::time_point now) {
  if (token_.empty() || now - issued_ >= kLifetime) {
    token_ = makeProviderToken(keyPem_, keyId_, teamId_, now);
    issued_ = now;
  }
  return token_;
}

}  // namespace oxh::facade::pns
