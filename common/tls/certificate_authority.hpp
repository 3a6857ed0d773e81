#pragma once
// The harness CA (DESIGN.md §4 "TLS"): generated at start-up (EC P-256, self-signed, 10 years)
// unless PEM files are given, and exported so real builds under test can trust it. It issues
// leaf certificates for the host names and IP addresses a listener answers to.
// Thread: every member is safe from any thread (one mutex); leaves are cached per host set,
// so listeners for the same names share one key pair.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace oxh::tls {

// Apple platforms reject TLS server certificates valid for more than 398 days (issued after
// 2020-09-01); staying under it keeps real iOS builds able to talk to the fakes.
inline constexpr std::chrono::hours kDefaultLeafValidity{24 * 397};
inline constexpr std::chrono::hours kCaValidity{24 * 3650};
// notBefore is set this far in the past so a peer whose clock runs a little behind accepts it.
inline constexpr std::chrono::hours kBackdate{1};

struct LeafOptions {
  std::chrono::seconds validity = kDefaultLeafValidity;
  // Move notBefore (and so notAfter) this far into the past: a large value with a short
  // validity yields an already-expired certificate for negative scenarios.
  std::chrono::seconds backdate = kBackdate;
  bool clientAuth = false;  // add the clientAuth EKU too (for client-certificate scenarios)
};

// Deliberately bad leaves for negative scenarios (the fake Dovecot's `tls_certificate`, the
// fault proxy's `tls_certificate` fault): a name no client asks for, and a leaf whose notAfter
// passed two days ago.
inline constexpr const char* kWrongHostName = "wrong-host.invalid";
[[nodiscard]] inline LeafOptions expiredLeafOptions() {
  LeafOptions options;
  options.validity = std::chrono::hours(24);
  options.backdate = std::chrono::hours(24 * 3);
  return options;
}

struct LeafCertificate {
  std::string certPem;  // the leaf only (the CA is not sent by servers)
  std::string keyPem;   // PKCS#8, unencrypted
  std::vector<std::string> hosts;
};

class CertificateAuthority {
 public:
  // Generates a fresh CA named `commonName`.
  explicit CertificateAuthority(std::string commonName = "oxharness test CA");
  // Loads a CA certificate and its private key from PEM files; throws OxhException
  // [oxh.tls.file] when unreadable, [oxh.tls.ca] when they do not form a CA key pair.
  static std::shared_ptr<CertificateAuthority> fromFiles(const std::string& certPath, const std::string& keyPath);
  static std::shared_ptr<CertificateAuthority> fromPem(const std::string& certPem, const std::string& keyPem);
  ~CertificateAuthority();
  CertificateAuthority(const CertificateAuthority&) = delete;
  CertificateAuthority& operator=(const CertificateAuthority&) = delete;

  [[nodiscard]] std::string caPem() const;
  // The CA private key (PKCS#8 PEM), to persist the CA across runs (`fromFiles` later) so a
  // real client only has to trust it once. Keep it out of reports and artifacts.
  [[nodiscard]] std::string caKeyPem() const;
  // Writes the CA certificate (never the key); throws [oxh.tls.file] on failure.
  void writeCaPem(const std::string& path) const;

  // A leaf for these DNS names / IP literals (first one becomes the subject CN). Cached per
  // (sorted host set, options). Throws [oxh.tls.issue] for an empty list or OpenSSL failure.
  LeafCertificate issue(const std::vector<std::string>& hosts, const LeafOptions& options = {});

 private:
  struct Keys;
  CertificateAuthority(std::unique_ptr<Keys> keys, std::string certPem);

  mutable std::mutex mutex_;
  std::unique_ptr<Keys> keys_;
  std::string caPem_;
  std::map<std::string, LeafCertificate> leaves_;
};

}  // namespace oxh::tls
