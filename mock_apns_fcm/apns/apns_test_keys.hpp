#pragma once
// Test support: a fresh P-256 key pair (PKCS#8 private PEM, SPKI public PEM) and provider
// tokens signed with it. Header-only, tests only.
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <string>

#include "mock_apns_fcm/apns/jwt.hpp"

namespace oxh::push::apns::testing {

struct TestKey {
  std::string privatePem;
  std::string publicPem;
};

inline TestKey makeP256Key() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  TestKey out;
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  out.privatePem.assign(data, static_cast<std::size_t>(BIO_get_mem_data(bio, &data)));
  BIO_free(bio);
  bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  out.publicPem.assign(data, static_cast<std::size_t>(BIO_get_mem_data(bio, &data)));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return out;
}

inline std::string providerToken(const TestKey& key, const std::string& team, const std::string& kid,
                                 std::chrono::system_clock::time_point iat) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(iat.time_since_epoch()).count();
  return signEs256Jwt({{"alg", "ES256"}, {"typ", "JWT"}, {"kid", kid}}, {{"iss", team}, {"iat", seconds}},
                      key.privatePem);
}

}  // namespace oxh::push::apns::testing
