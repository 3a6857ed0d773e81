#include "common/tls/certificate_authority.hpp"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/error/error.hpp"
#include "common/tls/openssl_util.hpp"

namespace oxh::tls {
namespace {

// X509_verify_cert of `leafPem` against `caPem` as a TLS client would (purpose sslserver),
// optionally checking a host name or IP. Returns the X509_V_* result.
int verify(const std::string& caPem, const std::string& leafPem, const std::string& host = {}, bool ip = false) {
  auto ca = ossl::certFromPem(caPem);
  auto leaf = ossl::certFromPem(leafPem);
  if (!ca || !leaf) {
    return -1;
  }
  ossl::StorePtr store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca.get());
  ossl::StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), nullptr);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  if (!host.empty()) {
    if (ip) {
      X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
    } else {
      X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
    }
  }
  return X509_verify_cert(ctx.get()) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx.get());
}

TEST(CertificateAuthorityTest, GeneratesAnEcP256CaWithCaExtensions) {
  CertificateAuthority ca("unit CA");
  auto cert = ossl::certFromPem(ca.caPem());
  ASSERT_TRUE(cert);
  EXPECT_EQ(X509_check_ca(cert.get()), 1);
  EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3);
  EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(cert.get())), EVP_PKEY_EC);
  EXPECT_EQ(EVP_PKEY_get_bits(X509_get0_pubkey(cert.get())), 256);
  for (const int nid : {NID_basic_constraints, NID_key_usage}) {
    const int at = X509_get_ext_by_NID(cert.get(), nid, -1);
    ASSERT_GE(at, 0) << OBJ_nid2sn(nid);
    EXPECT_EQ(X509_EXTENSION_get_critical(X509_get_ext(cert.get(), at)), 1) << OBJ_nid2sn(nid);
  }
  EXPECT_EQ(X509_get_key_usage(cert.get()), static_cast<std::uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  EXPECT_NE(X509_get0_subject_key_id(cert.get()), nullptr);
  EXPECT_NE(X509_get0_authority_key_id(cert.get()), nullptr);
  int days = 0;
  int seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert.get()), X509_get0_notAfter(cert.get())), 1);
  EXPECT_GE(days, 3649);
  // Random serials: two CAs differ.
  CertificateAuthority other;
  auto otherCert = ossl::certFromPem(other.caPem());
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(cert.get()), X509_get0_serialNumber(otherCert.get())), 0);
}

TEST(CertificateAuthorityTest, LeafVerifiesAgainstCaWithHostNameCheck) {
  CertificateAuthority ca;
  const auto leaf = ca.issue({"imap.example.test", "localhost", "127.0.0.1", "::1"});
  EXPECT_EQ(verify(ca.caPem(), leaf.certPem), X509_V_OK);
  EXPECT_EQ(verify(ca.caPem(), leaf.certPem, "imap.example.test"), X509_V_OK);
  EXPECT_EQ(verify(ca.caPem(), leaf.certPem, "localhost"), X509_V_OK);
  EXPECT_EQ(verify(ca.caPem(), leaf.certPem, "127.0.0.1", true), X509_V_OK);
  EXPECT_EQ(verify(ca.caPem(), leaf.certPem, "::1", true), X509_V_OK);
  EXPECT_EQ(verify(ca.caPem(), leaf.certPem, "other.example.test"), X509_V_ERR_HOSTNAME_MISMATCH);
  EXPECT_EQ(verify(ca.caPem(), leaf.certPem, "127.0.0.2", true), X509_V_ERR_IP_ADDRESS_MISMATCH);
  CertificateAuthority stranger;
  EXPECT_NE(verify(stranger.caPem(), leaf.certPem), X509_V_OK);

  auto cert = ossl::certFromPem(leaf.certPem);
  EXPECT_EQ(X509_check_ca(cert.get()), 0);
  EXPECT_NE(X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER, 0U);
  auto key = ossl::keyFromPem(leaf.keyPem);
  ASSERT_TRUE(key);
  EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1);
}

TEST(CertificateAuthorityTest, LeavesAreCachedPerHostSetAndOptions) {
  CertificateAuthority ca;
  const auto a = ca.issue({"b.test", "a.test"});
  const auto b = ca.issue({"a.test", "b.test", "a.test"});
  EXPECT_EQ(a.certPem, b.certPem);
  EXPECT_NE(ca.issue({"a.test"}).certPem, a.certPem);
  LeafOptions expired;
  expired.backdate = std::chrono::hours(48);
  expired.validity = std::chrono::hours(24);
  const auto old = ca.issue({"a.test", "b.test"}, expired);
  EXPECT_NE(old.certPem, a.certPem);
  EXPECT_EQ(verify(ca.caPem(), old.certPem), X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_THROW(ca.issue({}), OxhException);
}

TEST(CertificateAuthorityTest, LoadsFromPemFilesAndWritesCaPem) {
  const auto dir = std::filesystem::temp_directory_path() / ("oxh_ca_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // A generated CA, its key exported through the same helper a user's files would come from.
  CertificateAuthority generated;
  generated.writeCaPem((dir / "ca.pem").string());
  std::ifstream in(dir / "ca.pem");
  const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, generated.caPem());

  // Persisted and loaded again: leaves of the loaded CA verify against the original CA PEM.
  std::ofstream(dir / "ca-key.pem") << generated.caKeyPem();
  auto loaded = CertificateAuthority::fromFiles((dir / "ca.pem").string(), (dir / "ca-key.pem").string());
  EXPECT_EQ(loaded->caPem(), generated.caPem());
  EXPECT_EQ(verify(generated.caPem(), loaded->issue({"localhost"}).certPem, "localhost"), X509_V_OK);

  ossl::PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  ASSERT_TRUE(key);
  std::ofstream(dir / "other-key.pem") << ossl::toPem(key.get());
  EXPECT_THROW(CertificateAuthority::fromFiles((dir / "ca.pem").string(), (dir / "other-key.pem").string()),
               OxhException);  // key does not match
  EXPECT_THROW(CertificateAuthority::fromFiles((dir / "missing.pem").string(), (dir / "ca-key.pem").string()),
               OxhException);
  // A leaf is no CA.
  EXPECT_THROW(CertificateAuthority::fromPem(generated.issue({"x.test"}).certPem, generated.issue({"x.test"}).keyPem),
               OxhException);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace oxh::tls
