#pragma once
// What an APNs provider certificate says (push.md §1.5): the subject's UID is the bundle id
// (Pushy's mock reads it with ".*UID=([^,]+).*"), and Apple's extensions mark the environments
// (1.2.840.113635.100.6.3.1 development/sandbox, .3.2 production) and list topics (.3.6: a DER
// SEQUENCE alternating UTF8String topic and a SEQUENCE of options).
// Thread: pure functions.
#include <string>
#include <vector>

struct x509_st;  // OpenSSL's X509

namespace oxh::push::apns {

inline constexpr const char* kOidSandbox = "1.2.840.113635.100.6.3.1";
inline constexpr const char* kOidProduction = "1.2.840.113635.100.6.3.2";
inline constexpr const char* kOidVoip = "1.2.840.113635.100.6.3.4";
inline constexpr const char* kOidTopics = "1.2.840.113635.100.6.3.6";

struct CertificateIdentity {
  std::string subject;  // one-line form, for journals
  std::string uid;      // empty when the subject has no UID
  bool sandbox = false;
  bool production = false;
  bool voip = false;
  std::vector<std::string> topics;  // from .3.6, in order; empty when absent

  // Topics this certificate may push to: the .3.6 list when present, else (as in Pushy's mock)
  // <uid>, <uid>.voip and <uid>.complication.
  [[nodiscard]] std::vector<std::string> allowedTopics() const;
  // The topic APNs uses when apns-topic is absent: the UID, when the certificate covers one
  // bundle only [A1 "apns-topic"]; empty when the topic is required.
  [[nodiscard]] std::string defaultTopic() const;
};

CertificateIdentity describeCertificate(x509_st* certificate);

}  // namespace oxh::push::apns
