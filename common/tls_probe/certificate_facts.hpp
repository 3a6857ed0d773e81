#pragma once
// What the prober reports about a presented certificate: names, validity, key, and the SPKI pin
// as Android pins it (base64 of the SHA-256 of the DER SubjectPublicKeyInfo; network security
// config <pin digest="SHA-256">, OkHttp "sha256/<base64>").
// Thread: free functions on value types.
#include <string>
#include <vector>

namespace oxh::tlsprobe {

struct CertificateFacts {
  std::string subject;  // RFC 2253 form
  std::string issuer;
  std::string notBefore;  // "2026-11-29T04:00:00Z"
  std::string notAfter;
  long daysLeft = 0;  // until notAfter, negative when expired
  bool expired = false;
  bool notYetValid = false;
  bool selfSigned = false;
  std::string keyType;  // "EC", "RSA", "ED25519"
  int keyBits = 0;
  std::vector<std::string> dnsNames;  // subjectAltName DNS entries
  std::vector<std::string> ipAddresses;
  std::string spkiSha256;  // base64, without the "sha256/" prefix
};

// Facts of one DER certificate; throws OxhException [oxh.tlsprobe.certificate] when it does not parse.
CertificateFacts describeCertificate(const std::string& der);

// RFC 6125 host name check (X509_check_host, or X509_check_ip_asc for IP literals).
bool certificateMatchesHost(const std::string& der, const std::string& host);

// "sha256/<base64>" or bare base64 -> bare base64, for comparing pins.
std::string normalizePin(const std::string& pin);

}  // namespace oxh::tlsprobe
