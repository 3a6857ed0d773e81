#include "runner/faults/tls_termination.hpp"

#include "common/error/error.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::faults {

TlsTermination::TlsTermination(TlsTerminationOptions options) : options_(std::move(options)) {
  if (options_.hosts.empty()) {
    options_.hosts = {"localhost", "127.0.0.1"};
  }
  if (!options_.authority) {
    options_.authority = std::make_shared<tls::CertificateAuthority>();
  }
  (void)tls::parseTlsVersion(options_.minVersion);  // a bad floor is an error at start, not at the first client
  (void)serverContext("");
}

std::string TlsTermination::caPem() const { return options_.authority->caPem(); }

std::shared_ptr<boost::asio::ssl::context> TlsTermination::serverContext(const std::string& certificate) {
  std::lock_guard lock(mutex_);
  if (const auto found = servers_.find(certificate); found != servers_.end()) {
    return found->second;
  }
  tls::TlsPolicy policy;
  policy.minVersion = options_.minVersion;
  policy.alpn = options_.alpn;
  std::string chain;
  std::string key;
  if (certificate == "self_signed") {
    // A CA of its own presented as the leaf: verification fails with "self-signed certificate".
    tls::CertificateAuthority own("oxharness fault proxy self-signed");
    chain = own.caPem();
    key = own.caKeyPem();
  } else {
    const auto leaf = certificate == "wrong_host"
                          ? options_.authority->issue({tls::kWrongHostName})
                          : options_.authority->issue(options_.hosts, certificate == "expired" ? tls::expiredLeafOptions()
                                                                                               : tls::LeafOptions{});
    chain = leaf.certPem;
    key = leaf.keyPem;
  }
  policy.insecure = !certificate.empty();
  auto context = tls::makeServerContext(policy, chain, key);
  servers_[certificate] = context;
  return context;
}

std::shared_ptr<boost::asio::ssl::context> TlsTermination::upstreamContext(const std::string& alpn) {
  std::lock_guard lock(mutex_);
  if (const auto found = upstreams_.find(alpn); found != upstreams_.end()) {
    return found->second;
  }
  tls::ClientTlsOptions client;
  if (!alpn.empty()) {
    client.alpn = {alpn};
  }
  if (!options_.upstreamCaPem.empty()) {
    client.caPem = options_.upstreamCaPem;
  }
  auto context = tls::makeClientContext(client);
  upstreams_[alpn] = context;
  return context;
}

std::string tlsAlertRecord(std::uint8_t description) {
  // Record version 3.3 (TLS 1.2; TLS 1.3 keeps it as legacy_record_version), length 2.
  return std::string{'\x15', '\x03', '\x03', '\x00', '\x02', '\x02', static_cast<char>(description)};
}

bool looksLikeClientHello(const std::string& bytes) {
  return bytes.size() >= 3 && bytes[0] == '\x16' && bytes[1] == '\x03';
}

}  // namespace oxh::faults
