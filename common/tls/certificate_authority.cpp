#include "common/tls/certificate_authority.hpp"

#include <openssl/bn.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <fstream>

#include "common/error/error.hpp"
#include "common/tls/openssl_util.hpp"

namespace oxh::tls {

struct CertificateAuthority::Keys {
  ossl::X509Ptr cert;
  ossl::PkeyPtr key;
};

namespace {

ossl::PkeyPtr newP256Key() {
  ossl::PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) {
    ossl::fail("oxh.tls.issue", "cannot generate an EC P-256 key");
  }
  return key;
}

// RFC 5280 §4.1.2.2: positive, at most 20 octets, unpredictable (CA/B BR: >= 64 bits of entropy).
void setRandomSerial(X509* cert) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(BN_new(), &BN_free);
  if (!bn || BN_rand(bn.get(), 127, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
    ossl::fail("oxh.tls.issue", "cannot make a serial number");
  }
}

void setName(X509_NAME* name, const std::string& commonName) {
  const auto add = [&](const char* field, const std::string& value) {
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()),
                                   -1, -1, 0) != 1) {
      ossl::fail("oxh.tls.issue", std::string("cannot set ") + field);
    }
  };
  add("O", "oxharness");
  add("CN", commonName);
}

void addExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  if (ext == nullptr || X509_add_ext(cert, ext, -1) != 1) {
    X509_EXTENSION_free(ext);
    ossl::fail("oxh.tls.issue", std::string("cannot add extension ") + OBJ_nid2sn(nid) + "=" + value);
  }
  X509_EXTENSION_free(ext);
}

ossl::X509Ptr newCertificate(EVP_PKEY* subjectKey, const std::string& commonName, std::chrono::seconds backdate,
                             std::chrono::seconds validity) {
  ossl::X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
    ossl::fail("oxh.tls.issue", "cannot create a certificate");
  }
  setRandomSerial(cert.get());
  const long notBefore = -static_cast<long>(backdate.count());
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), notBefore) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), notBefore + static_cast<long>(validity.count())) == nullptr) {
    ossl::fail("oxh.tls.issue", "cannot set validity");
  }
  setName(X509_get_subject_name(cert.get()), commonName);
  if (X509_set_pubkey(cert.get(), subjectKey) != 1) {
    ossl::fail("oxh.tls.issue", "cannot set public key");
  }
  return cert;
}

void sign(X509* cert, EVP_PKEY* issuerKey) {
  if (X509_sign(cert, issuerKey, EVP_sha256()) <= 0) {
    ossl::fail("oxh.tls.issue", "cannot sign certificate");
  }
}

bool isIpLiteral(const std::string& host) {
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(host, ec);
  return !ec;
}

std::string cacheKey(std::vector<std::string> hosts, const LeafOptions& options) {
  std::sort(hosts.begin(), hosts.end());
  hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  std::string key = std::to_string(options.validity.count()) + "/" + std::to_string(options.backdate.count()) + "/" +
                    (options.clientAuth ? "c" : "s");
  for (const auto& host : hosts) {
    key += "|" + host;
  }
  return key;
}

}  // namespace

CertificateAuthority::CertificateAuthority(std::string commonName) : keys_(std::make_unique<Keys>()) {
  keys_->key = newP256Key();
  keys_->cert = newCertificate(keys_->key.get(), commonName, kBackdate, kCaValidity);
  X509* cert = keys_->cert.get();
  if (X509_set_issuer_name(cert, X509_get_subject_name(cert)) != 1) {
    ossl::fail("oxh.tls.issue", "cannot set CA issuer");
  }
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  // RFC 5280 §4.2.1.9/§4.2.1.3: a CA certificate marks basicConstraints and keyUsage critical.
  addExtension(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE");
  addExtension(cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  addExtension(cert, &ctx, NID_subject_key_identifier, "hash");  // before AKI, which copies it
  addExtension(cert, &ctx, NID_authority_key_identifier, "keyid:always");
  sign(cert, keys_->key.get());
  caPem_ = ossl::toPem(cert);
}

CertificateAuthority::CertificateAuthority(std::unique_ptr<Keys> keys, std::string certPem)
    : keys_(std::move(keys)), caPem_(std::move(certPem)) {}

CertificateAuthority::~CertificateAuthority() = default;

std::shared_ptr<CertificateAuthority> CertificateAuthority::fromPem(const std::string& certPem,
                                                                    const std::string& keyPem) {
  auto keys = std::make_unique<Keys>();
  keys->cert = ossl::certFromPem(certPem);
  keys->key = ossl::keyFromPem(keyPem);
  if (!keys->cert || !keys->key) {
    ossl::fail("oxh.tls.ca", "CA PEM holds no certificate or no private key");
  }
  if (X509_check_private_key(keys->cert.get(), keys->key.get()) != 1) {
    ossl::fail("oxh.tls.ca", "CA private key does not match the CA certificate");
  }
  if (X509_check_ca(keys->cert.get()) == 0) {
    throw OxhException(Error("oxh.tls.ca", "certificate is not a CA (basicConstraints CA:TRUE missing)"));
  }
  auto pem = ossl::toPem(keys->cert.get());
  return std::shared_ptr<CertificateAuthority>(new CertificateAuthority(std::move(keys), std::move(pem)));
}

std::shared_ptr<CertificateAuthority> CertificateAuthority::fromFiles(const std::string& certPath,
                                                                      const std::string& keyPath) {
  return fromPem(ossl::readFile(certPath), ossl::readFile(keyPath));
}

std::string CertificateAuthority::caPem() const {
  std::lock_guard lock(mutex_);
  return caPem_;
}

std::string CertificateAuthority::caKeyPem() const {
  std::lock_guard lock(mutex_);
  return ossl::toPem(keys_->key.get());
}

void CertificateAuthority::writeCaPem(const std::string& path) const {
  const auto pem = caPem();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << pem;
  out.close();
  if (!out) {
    throw OxhException(Error("oxh.tls.file", "cannot write CA certificate to '" + path + "'"));
  }
}

LeafCertificate CertificateAuthority::issue(const std::vector<std::string>& hosts, const LeafOptions& options) {
  if (hosts.empty()) {
    throw OxhException(Error("oxh.tls.issue", "a leaf certificate needs at least one host name"));
  }
  const auto key = cacheKey(hosts, options);
  std::lock_guard lock(mutex_);
  if (const auto found = leaves_.find(key); found != leaves_.end()) {
    return found->second;
  }
  auto leafKey = newP256Key();
  auto cert = newCertificate(leafKey.get(), hosts.front(), options.backdate, options.validity);
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(keys_->cert.get())) != 1) {
    ossl::fail("oxh.tls.issue", "cannot set issuer");
  }
  std::string san;
  for (const auto& host : hosts) {
    san += (san.empty() ? "" : ",") + std::string(isIpLiteral(host) ? "IP:" : "DNS:") + host;
  }
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, keys_->cert.get(), cert.get(), nullptr, nullptr, 0);
  addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
  addExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
  addExtension(cert.get(), &ctx, NID_ext_key_usage, options.clientAuth ? "serverAuth,clientAuth" : "serverAuth");
  // RFC 6125 §6.4.4 / RFC 2818 §3.1: clients match the SAN, never the CN, when a SAN is present.
  addExtension(cert.get(), &ctx, NID_subject_alt_name, san);
  addExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  addExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
  sign(cert.get(), keys_->key.get());
  LeafCertificate leaf{ossl::toPem(cert.get()), ossl::toPem(leafKey.get()), hosts};
  leaves_.emplace(key, leaf);
  return leaf;
}

}  // namespace oxh::tls
