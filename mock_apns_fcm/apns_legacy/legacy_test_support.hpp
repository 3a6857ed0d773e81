#pragma once
// Test support for the legacy fake: an APNs-style provider certificate made in memory
// (subject UID = bundle id, Apple's environment OIDs as DER NULL, push.md §1.5), and a
// blocking TLS client that presents it and reads raw bytes with a receive timeout, so a
// broken fake fails a test instead of hanging it.
// Thread: one test thread.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <stdexcept>
#include <string>

#include "common/net/endpoint.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::push::apns::testing {

struct ClientIdentity {
  std::string certPem;
  std::string keyPem;
};

inline std::string bioText(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

// uid empty = no UID in the subject.
inline ClientIdentity makeProviderCertificate(const std::string& uid, bool sandbox = true, bool production = false) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!key || !cert) {
    throw std::runtime_error("openssl: cannot make a key or certificate");
  }
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 7);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto add = [&](const char* field, const std::string& value) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()), -1,
                               -1, 0);
  };
  if (!uid.empty()) {
    add("UID", uid);
  }
  add("CN", "Apple Push Services: " + (uid.empty() ? std::string("none") : uid));
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  const auto extension = [&](const char* oid, const char* value) {
    X509_EXTENSION* ext = X509V3_EXT_nconf(nullptr, &ctx, oid, value);
    if (ext == nullptr) {
      throw std::runtime_error(std::string("openssl: cannot add extension ") + oid);
    }
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  };
  extension("extendedKeyUsage", "clientAuth");
  if (sandbox) {
    extension("1.2.840.113635.100.6.3.1", "DER:0500");
  }
  if (production) {
    extension("1.2.840.113635.100.6.3.2", "DER:0500");
  }
  X509_sign(cert.get(), key.get(), EVP_sha256());
  std::unique_ptr<BIO, decltype(&BIO_free)> certBio(BIO_new(BIO_s_mem()), BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_X509(certBio.get(), cert.get());
  PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  return {bioText(certBio.get()), bioText(keyBio.get())};
}

class LegacyTlsClient {
 public:
  // Throws boost::system::system_error when the handshake fails.
  LegacyTlsClient(const net::HostPort& to, const std::string& caPem, const ClientIdentity* identity) {
    tls::ClientTlsOptions options;
    options.caPem = caPem;
    if (identity != nullptr) {
      options.certPem = identity->certPem;
      options.keyPem = identity->keyPem;
    }
    context_ = tls::makeClientContext(options);
    stream_ = std::make_unique<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>(io_, *context_);
    stream_->next_layer().connect({boost::asio::ip::make_address(to.host), to.port});
    timeval timeout{10, 0};
    ::setsockopt(stream_->next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    tls::setClientPeerName(stream_->native_handle(), "localhost", true);
    stream_->handshake(boost::asio::ssl::stream_base::client);
  }
  void send(const std::string& bytes) { boost::asio::write(*stream_, boost::asio::buffer(bytes)); }
  // Everything until the fake closes (bounded by the receive timeout). `error` tells why it ended.
  std::string readUntilClose(boost::system::error_code* error = nullptr) {
    std::string out;
    char buffer[4096];
    for (int round = 0; round < 10000; ++round) {
      boost::system::error_code ec;
      const auto n = stream_->read_some(boost::asio::buffer(buffer), ec);
      out.append(buffer, n);
      if (ec) {
        if (error != nullptr) {
          *error = ec;
        }
        break;
      }
    }
    return out;
  }

 private:
  boost::asio::io_context io_;
  std::shared_ptr<boost::asio::ssl::context> context_;
  std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> stream_;
};

}  // namespace oxh::push::apns::testing
