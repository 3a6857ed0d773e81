#pragma once
// RAII owners and PEM helpers for the OpenSSL 3 objects common/tls works with. Internal to
// common/tls (and tests); nothing here is part of the policy API.
// Thread: free functions; the objects are owned by one thread at a time.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace oxh::tls::ossl {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free_all(bio); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct StoreFree {
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* ctx) const { X509_STORE_CTX_free(ctx); }
};

using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using StorePtr = std::unique_ptr<X509_STORE, StoreFree>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, StoreCtxFree>;

// The queued OpenSSL errors as one line (and clears the queue); "no detail" when empty.
std::string lastError();
// Throws OxhException(id, what + ": " + lastError()).
[[noreturn]] void fail(const std::string& id, const std::string& what);

std::string toPem(X509* cert);
std::string toPem(EVP_PKEY* key);               // PKCS#8 "PRIVATE KEY"
X509Ptr certFromPem(const std::string& pem);    // null when the PEM holds no certificate
PkeyPtr keyFromPem(const std::string& pem);     // null when the PEM holds no private key
std::string readFile(const std::string& path);  // throws [oxh.tls.file]

}  // namespace oxh::tls::ossl
