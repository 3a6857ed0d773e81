#include "common/tls/openssl_util.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

#include "common/error/error.hpp"

namespace oxh::tls::ossl {

std::string lastError() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!out.empty()) {
      out += "; ";
    }
    out += buffer;
  }
  return out.empty() ? "no detail" : out;
}

void fail(const std::string& id, const std::string& what) { throw OxhException(Error(id, what + ": " + lastError())); }

namespace {

std::string drain(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

BioPtr memoryBio(const std::string& pem) { return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()))); }

}  // namespace

std::string toPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
    fail("oxh.tls.pem", "cannot write certificate PEM");
  }
  return drain(bio.get());
}

std::string toPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    fail("oxh.tls.pem", "cannot write private key PEM");
  }
  return drain(bio.get());
}

X509Ptr certFromPem(const std::string& pem) {
  auto bio = memoryBio(pem);
  return X509Ptr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

PkeyPtr keyFromPem(const std::string& pem) {
  auto bio = memoryBio(pem);
  return PkeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw OxhException(Error("oxh.tls.file", "cannot read '" + path + "'"));
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace oxh::tls::ossl
