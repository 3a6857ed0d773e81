#include "common/tls_probe/certificate_facts.hpp"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <ctime>
#include <memory>

#include "common/codec/base64.hpp"
#include "common/error/error.hpp"

namespace oxh::tlsprobe {
namespace {

struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr parse(const std::string& der) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr cert(d2i_X509(nullptr, &bytes, static_cast<long>(der.size())));
  if (!cert) {
    throw OxhException(Error("oxh.tlsprobe.certificate", "the peer sent a certificate OpenSSL cannot parse"));
  }
  return cert;
}

std::string nameText(const X509_NAME* name) {
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  return text;
}

std::string isoTime(const ASN1_TIME* time) {
  std::tm parts{};
  if (ASN1_TIME_to_tm(time, &parts) != 1) {
    return "";
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
  return buffer;
}

bool isIp(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

}  // namespace

CertificateFacts describeCertificate(const std::string& der) {
  auto cert = parse(der);
  CertificateFacts facts;
  facts.subject = nameText(X509_get_subject_name(cert.get()));
  facts.issuer = nameText(X509_get_issuer_name(cert.get()));
  facts.notBefore = isoTime(X509_get0_notBefore(cert.get()));
  facts.notAfter = isoTime(X509_get0_notAfter(cert.get()));
  int days = 0;
  int seconds = 0;
  if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert.get())) == 1) {
    facts.daysLeft = days;
  }
  facts.expired = X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0;
  facts.notYetValid = X509_cmp_current_time(X509_get0_notBefore(cert.get())) > 0;
  facts.selfSigned = X509_check_issued(cert.get(), cert.get()) == X509_V_OK;
  if (const EVP_PKEY* key = X509_get0_pubkey(cert.get())) {
    facts.keyType = EVP_PKEY_get0_type_name(key) != nullptr ? EVP_PKEY_get0_type_name(key) : "unknown";
    facts.keyBits = EVP_PKEY_get_bits(key);
  }
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr));
  if (names != nullptr) {
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
      if (name->type == GEN_DNS) {
        const auto* text = ASN1_STRING_get0_data(name->d.dNSName);
        facts.dnsNames.emplace_back(reinterpret_cast<const char*>(text),
                                    static_cast<std::size_t>(ASN1_STRING_length(name->d.dNSName)));
      } else if (name->type == GEN_IPADD) {
        const int length = ASN1_STRING_length(name->d.iPAddress);
        char buffer[INET6_ADDRSTRLEN] = {};
        inet_ntop(length == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(name->d.iPAddress), buffer, sizeof buffer);
        facts.ipAddresses.emplace_back(buffer);
      }
    }
    GENERAL_NAMES_free(names);
  }
  unsigned char* spki = nullptr;
  const int spkiLength = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &spki);
  if (spkiLength > 0) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(spki, static_cast<std::size_t>(spkiLength), digest);
    facts.spkiSha256 = codec::base64Encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
    OPENSSL_free(spki);
  }
  return facts;
}

bool certificateMatchesHost(const std::string& der, const std::string& host) {
  auto cert = parse(der);
  if (isIp(host)) {
    return X509_check_ip_asc(cert.get(), host.c_str(), 0) == 1;
  }
  return X509_check_host(cert.get(), host.c_str(), host.size(), 0, nullptr) == 1;
}

std::string normalizePin(const std::string& pin) {
  constexpr std::string_view kPrefix = "sha256/";
  return pin.starts_with(kPrefix) ? pin.substr(kPrefix.size()) : pin;
}

}  // namespace oxh::tlsprobe
