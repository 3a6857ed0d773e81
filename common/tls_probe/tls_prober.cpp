#include "common/tls_probe/tls_prober.hpp"

#include <openssl/ssl.h>

#include <algorithm>

namespace oxh::tlsprobe {
namespace {

constexpr int kAlertInappropriateFallback = 86;  // RFC 7507 2
constexpr int kMaxCipherRounds = 200;            // bounds the server-choice enumeration

const std::vector<int> kAllVersions{SSL3_VERSION, TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION};

AttemptSpec specFor(const ProbeOptions& options, int version) {
  AttemptSpec spec;
  spec.version = version;
  spec.caFile = options.caFile;
  return spec;
}

std::string refusalDetail(const AttemptResult& attempt) {
  if (attempt.alert >= 0) {
    return "alert " + std::to_string(attempt.alert) + ": " + attempt.detail;
  }
  return attempt.detail;
}

// Lets the server pick from everything this version allows, removes its pick, and repeats:
// one handshake per accepted cipher plus one, whatever the catalogue's size.
void enumerateLegacy(const ProbeOptions& options, int version, ProbeReport& report) {
  std::vector<std::string> offer;
  for (const auto& info : legacyCiphers()) {
    if (info.minVersion <= version) {
      offer.push_back(info.name);
    }
  }
  for (int round = 0; round < kMaxCipherRounds && !offer.empty(); ++round) {
    auto spec = specFor(options, version);
    for (const auto& name : offer) {
      spec.ciphers += (spec.ciphers.empty() ? "" : ":") + name;
    }
    const auto attempt = attemptHandshake(options.target, spec);
    if (attempt.outcome != AttemptOutcome::Accepted) {
      return;
    }
    report.ciphers.push_back({versionName(version), describeCipher(attempt.cipher)});
    const auto chosen = std::find(offer.begin(), offer.end(), attempt.cipher);
    if (chosen == offer.end()) {
      return;  // the server chose something we did not offer: stop rather than loop
    }
    offer.erase(chosen);
  }
}

void enumerateTls13(const ProbeOptions& options, ProbeReport& report) {
  for (const auto& suite : tls13Suites()) {
    auto spec = specFor(options, TLS1_3_VERSION);
    spec.cipherSuites = suite.name;
    if (attemptHandshake(options.target, spec).outcome == AttemptOutcome::Accepted) {
      report.ciphers.push_back({"TLSv1.3", suite});
    }
  }
}

void checkFallback(const ProbeOptions& options, const std::vector<int>& accepted, ProbeReport& report) {
  if (accepted.size() < 2) {
    report.fallbackScsv = "not applicable: fewer than two versions accepted";
    return;
  }
  auto spec = specFor(options, accepted[accepted.size() - 2]);
  spec.fallbackScsv = true;
  const auto attempt = attemptHandshake(options.target, spec);
  if (attempt.outcome == AttemptOutcome::Accepted) {
    report.fallbackScsv = "not protected";
    report.fallbackDetail = "accepted " + attempt.version + " although the client signalled a fallback";
  } else if (attempt.alert == kAlertInappropriateFallback) {
    report.fallbackScsv = "protected";
    report.fallbackDetail = "inappropriate_fallback alert for " + versionName(spec.version) + " with TLS_FALLBACK_SCSV";
  } else {
    report.fallbackScsv = "not protected";
    report.fallbackDetail = "refused without inappropriate_fallback: " + refusalDetail(attempt);
  }
}

void describeBest(const ProbeOptions& options, int version, ProbeReport& report) {
  auto spec = specFor(options, version);
  spec.alpn = options.alpn;
  const auto attempt = attemptHandshake(options.target, spec);
  if (attempt.outcome != AttemptOutcome::Accepted) {
    return;
  }
  report.negotiatedVersion = attempt.version;
  report.negotiatedCipher = attempt.cipher;
  report.alpn = attempt.alpn;
  report.chainTrusted = attempt.verifyResult == 0;
  report.chainError = report.chainTrusted ? "" : attempt.verifyError;
  const std::string host = options.target.serverName.empty() ? options.target.host : options.target.serverName;
  for (const auto& der : attempt.chainDer) {
    report.chain.push_back(describeCertificate(der));
  }
  report.hostMatches = !attempt.chainDer.empty() && certificateMatchesHost(attempt.chainDer.front(), host);
}

}  // namespace

ProbeReport probe(const ProbeOptions& options) {
  ProbeReport report;
  report.endpoint = options.target.host + ":" + std::to_string(options.target.port);
  report.serverName = options.target.serverName.empty() ? options.target.host : options.target.serverName;
  report.startTls = toString(options.target.startTls);
  std::vector<int> accepted;
  for (int version : options.versions.empty() ? kAllVersions : options.versions) {
    const auto attempt = attemptHandshake(options.target, specFor(options, version));
    if (report.preamble.empty()) {
      report.preamble = attempt.preamble;
    }
    VersionVerdict verdict{versionName(version), "", ""};
    switch (attempt.outcome) {
      case AttemptOutcome::Accepted:
        verdict.verdict = "accepted";
        verdict.detail = attempt.cipher;
        accepted.push_back(version);
        report.reachable = true;
        break;
      case AttemptOutcome::Refused:
        verdict.verdict = "refused";
        verdict.detail = refusalDetail(attempt);
        report.reachable = true;
        break;
      case AttemptOutcome::Untestable:
        verdict.verdict = "untestable";
        verdict.detail = attempt.detail;
        break;
      case AttemptOutcome::Unreachable:
        verdict.verdict = "unreachable";
        verdict.detail = attempt.detail;
        report.unreachable = attempt.detail;
        break;
    }
    report.versions.push_back(verdict);
  }
  if (accepted.empty()) {
    report.fallbackScsv = "not applicable: no version accepted";
    return report;
  }
  checkFallback(options, accepted, report);
  if (options.enumerateCiphers) {
    for (int version : accepted) {
      if (version == TLS1_3_VERSION) {
        enumerateTls13(options, report);
      } else {
        enumerateLegacy(options, version, report);
      }
    }
  }
  describeBest(options, accepted.back(), report);
  return report;
}

std::optional<std::string> ProbeReport::verdictOf(const std::string& version) const {
  const int wanted = versionFromName(version);
  for (const auto& verdict : versions) {
    if (versionFromName(verdict.version) == wanted) {
      return verdict.verdict;
    }
  }
  return std::nullopt;
}

std::vector<std::string> ProbeReport::accepted() const {
  std::vector<std::string> out;
  for (const auto& verdict : versions) {
    if (verdict.verdict == "accepted") {
      out.push_back(verdict.version);
    }
  }
  return out;
}

std::vector<std::string> ProbeReport::pins() const {
  std::vector<std::string> out;
  for (const auto& cert : chain) {
    out.push_back("sha256/" + cert.spkiSha256);
  }
  return out;
}

bool ProbeReport::weakCipherAccepted() const {
  return std::any_of(ciphers.begin(), ciphers.end(), [](const AcceptedCipher& c) { return c.cipher.weak; });
}

nlohmann::json ProbeReport::toJson() const {
  auto versionList = nlohmann::json::array();
  for (const auto& v : versions) {
    versionList.push_back({{"version", v.version}, {"verdict", v.verdict}, {"detail", v.detail}});
  }
  auto cipherList = nlohmann::json::array();
  for (const auto& c : ciphers) {
    cipherList.push_back({{"version", c.version},
                          {"name", c.cipher.name},
                          {"iana", c.cipher.standardName},
                          {"bits", c.cipher.bits},
                          {"forward_secrecy", c.cipher.forwardSecrecy},
                          {"weak", c.cipher.weak},
                          {"why", c.cipher.why}});
  }
  auto chainList = nlohmann::json::array();
  for (const auto& cert : chain) {
    chainList.push_back({{"subject", cert.subject},
                         {"issuer", cert.issuer},
                         {"not_before", cert.notBefore},
                         {"not_after", cert.notAfter},
                         {"days_left", cert.daysLeft},
                         {"expired", cert.expired},
                         {"not_yet_valid", cert.notYetValid},
                         {"self_signed", cert.selfSigned},
                         {"key_type", cert.keyType},
                         {"key_bits", cert.keyBits},
                         {"dns_names", cert.dnsNames},
                         {"ip_addresses", cert.ipAddresses},
                         {"pin", "sha256/" + cert.spkiSha256}});
  }
  return {{"endpoint", endpoint},
          {"server_name", serverName},
          {"starttls", startTls},
          {"reachable", reachable},
          {"unreachable", unreachable},
          {"versions", versionList},
          {"accepted", accepted()},
          {"fallback_scsv", fallbackScsv},
          {"fallback_detail", fallbackDetail},
          {"ciphers", cipherList},
          {"weak_cipher_accepted", weakCipherAccepted()},
          {"negotiated", {{"version", negotiatedVersion}, {"cipher", negotiatedCipher}, {"alpn", alpn}}},
          {"chain", chainList},
          {"chain_trusted", chainTrusted},
          {"chain_error", chainError},
          {"host_matches", hostMatches},
          {"pins", pins()},
          {"preamble", preamble}};
}

}  // namespace oxh::tlsprobe
