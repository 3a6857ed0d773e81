#include "mock_apns_fcm/apns/client_certificate.hpp"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <memory>

namespace oxh::push::apns {

namespace {

struct ObjFree {
  void operator()(ASN1_OBJECT* object) const { ASN1_OBJECT_free(object); }
};

X509_EXTENSION* findExtension(X509* certificate, const char* oid) {
  std::unique_ptr<ASN1_OBJECT, ObjFree> object(OBJ_txt2obj(oid, 1));
  if (!object) {
    return nullptr;
  }
  const int index = X509_get_ext_by_OBJ(certificate, object.get(), -1);
  return index < 0 ? nullptr : X509_get_ext(certificate, index);
}

std::string subjectUid(X509* certificate) {
  X509_NAME* name = X509_get_subject_name(certificate);
  const int index = X509_NAME_get_index_by_NID(name, NID_userId, -1);
  if (index < 0) {
    return {};
  }
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) {
    return {};
  }
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return out;
}

std::vector<std::string> topicList(X509_EXTENSION* extension) {
  std::vector<std::string> topics;
  const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(extension);
  const unsigned char* in = ASN1_STRING_get0_data(value);
  STACK_OF(ASN1_TYPE)* items = d2i_ASN1_SEQUENCE_ANY(nullptr, &in, ASN1_STRING_length(value));
  if (items == nullptr) {
    return topics;
  }
  for (int i = 0; i < sk_ASN1_TYPE_num(items); ++i) {
    const ASN1_TYPE* item = sk_ASN1_TYPE_value(items, i);
    if (item->type == V_ASN1_UTF8STRING) {
      const auto* text = item->value.utf8string;
      topics.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                          static_cast<std::size_t>(ASN1_STRING_length(text)));
    }
  }
  sk_ASN1_TYPE_pop_free(items, ASN1_TYPE_free);
  return topics;
}

}  // namespace

std::vector<std::string> CertificateIdentity::allowedTopics() const {
  if (!topics.empty()) {
    return topics;
  }
  if (uid.empty()) {
    return {};
  }
  return {uid, uid + ".voip", uid + ".complication"};
}

std::string CertificateIdentity::defaultTopic() const { return topics.size() > 1 ? std::string() : uid; }

CertificateIdentity describeCertificate(x509_st* certificate) {
  CertificateIdentity identity;
  if (certificate == nullptr) {
    return identity;
  }
  char subject[512];
  X509_NAME_oneline(X509_get_subject_name(certificate), subject, sizeof subject);
  identity.subject = subject;
  identity.uid = subjectUid(certificate);
  identity.sandbox = findExtension(certificate, kOidSandbox) != nullptr;
  identity.production = findExtension(certificate, kOidProduction) != nullptr;
  identity.voip = findExtension(certificate, kOidVoip) != nullptr;
  if (X509_EXTENSION* topics = findExtension(certificate, kOidTopics)) {
    identity.topics = topicList(topics);
  }
  return identity;
}

}  // namespace oxh::push::apns
