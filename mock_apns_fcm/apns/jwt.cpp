#include "mock_apns_fcm/apns/jwt.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "common/codec/base64.hpp"
#include "common/error/error.hpp"

namespace oxh::push::apns {

namespace {

constexpr std::size_t kP256ScalarBytes = 32;

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct SigFree {
  void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

PkeyPtr loadKey(const std::string& pem, bool wantPrivate) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    return nullptr;
  }
  PkeyPtr key(wantPrivate ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                          : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key && !wantPrivate) {
    // A private key PEM also carries the public half.
    std::unique_ptr<BIO, BioFree> again(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    key.reset(PEM_read_bio_PrivateKey(again.get(), nullptr, nullptr, nullptr));
  }
  return key;
}

std::optional<nlohmann::json> jsonObject(std::string_view part) {
  const auto decoded = base64UrlDecode(part);
  if (!decoded) {
    return std::nullopt;
  }
  auto value = nlohmann::json::parse(*decoded, nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::string> base64UrlDecode(std::string_view text) {
  std::string standard;
  standard.reserve(text.size() + 3);
  for (const char c : text) {
    if (c == '-') {
      standard += '+';
    } else if (c == '_') {
      standard += '/';
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      standard += c;
    } else {
      return std::nullopt;  // '=' too: JWS forbids padding (RFC 7515 §2)
    }
  }
  if (standard.size() % 4 == 1) {
    return std::nullopt;
  }
  while (standard.size() % 4 != 0) {
    standard += '=';
  }
  return codec::base64Decode(standard);
}

std::string base64UrlEncode(std::string_view bytes) {
  std::string out = codec::base64Encode(bytes);
  while (!out.empty() && out.back() == '=') {
    out.pop_back();
  }
  for (char& c : out) {
    c = c == '+' ? '-' : (c == '/' ? '_' : c);
  }
  return out;
}

std::optional<ParsedJwt> parseJwt(std::string_view token) {
  const auto first = token.find('.');
  if (first == std::string_view::npos) {
    return std::nullopt;
  }
  const auto second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto header = jsonObject(token.substr(0, first));
  auto claims = jsonObject(token.substr(first + 1, second - first - 1));
  auto signature = base64UrlDecode(token.substr(second + 1));
  if (!header || !claims || !signature) {
    return std::nullopt;
  }
  return ParsedJwt{std::move(*header), std::move(*claims), std::string(token.substr(0, second)), std::move(*signature)};
}

bool verifyEs256(const std::string& publicKeyPem, std::string_view signingInput, std::string_view signature) {
  if (signature.size() != 2 * kP256ScalarBytes) {
    return false;
  }
  const auto key = loadKey(publicKeyPem, false);
  if (!key || EVP_PKEY_get_bits(key.get()) != 256 || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC) {
    return false;
  }
  std::unique_ptr<ECDSA_SIG, SigFree> sig(ECDSA_SIG_new());
  const auto* raw = reinterpret_cast<const unsigned char*>(signature.data());
  BIGNUM* r = BN_bin2bn(raw, kP256ScalarBytes, nullptr);
  BIGNUM* s = BN_bin2bn(raw + kP256ScalarBytes, kP256ScalarBytes, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return false;
  }
  unsigned char* der = nullptr;
  const int derLength = i2d_ECDSA_SIG(sig.get(), &der);
  if (derLength <= 0) {
    return false;
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
                  EVP_DigestVerify(ctx.get(), der, static_cast<std::size_t>(derLength),
                                   reinterpret_cast<const unsigned char*>(signingInput.data()),
                                   signingInput.size()) == 1;
  OPENSSL_free(der);
  return ok;
}

std::string signEs256Jwt(const nlohmann::json& header, const nlohmann::json& claims, const std::string& privateKeyPem) {
  const auto key = loadKey(privateKeyPem, true);
  if (!key) {
    throw OxhException(Error("oxh.apns.jwt", "not a private key PEM"));
  }
  const std::string input = base64UrlEncode(header.dump()) + "." + base64UrlEncode(claims.dump());
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::size_t derLength = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &derLength, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    throw OxhException(Error("oxh.apns.jwt", "cannot sign"));
  }
  std::string der(derLength, '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (EVP_DigestSign(ctx.get(), out, &derLength, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    throw OxhException(Error("oxh.apns.jwt", "cannot sign"));
  }
  const unsigned char* in = out;
  std::unique_ptr<ECDSA_SIG, SigFree> sig(d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(derLength)));
  if (!sig) {
    throw OxhException(Error("oxh.apns.jwt", "bad signature encoding"));
  }
  std::string raw(2 * kP256ScalarBytes, '\0');
  auto* rawOut = reinterpret_cast<unsigned char*>(raw.data());
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), rawOut, kP256ScalarBytes);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), rawOut + kP256ScalarBytes, kP256ScalarBytes);
  return input + "." + base64UrlEncode(raw);
}

}  // namespace oxh::push::apns
