// TLS-01..03: the seed requires TLS 1.2 between the app and its endpoints "without downgrading
// the connection". Verdicts come from real handshakes (common/tls_probe).
#include <chrono>

#include "common/net/endpoint.hpp"
#include "common/tls_probe/tls_prober.hpp"
#include "runner/certify/certify_checks.hpp"

namespace oxh::runner::certify {
namespace {

constexpr const char* kSeedTls = "TLS 1.2 between the app and its endpoints, without downgrading the connection";

CheckResult base(const std::string& id, const std::string& title, const std::string& severity, const TlsEndpoint& endpoint) {
  return makeCheck(id, title, severity, endpoint.name + " " + endpoint.endpoint, kSeedTls, "");
}

}  // namespace

void runTlsChecks(const Deployment& deployment, std::vector<CheckResult>& results) {
  for (const auto& endpoint : deployment.appEndpoints) {
    const auto started = std::chrono::steady_clock::now();
    auto versions = base("TLS-01", "TLS 1.2 or newer accepted, SSLv3/TLS 1.0/TLS 1.1 refused", "critical", endpoint);
    versions.remedy =
        "Allow only TLSv1.2 and TLSv1.3 on this endpoint (nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol "
        "-all +TLSv1.2 +TLSv1.3; Dovecot: ssl_min_protocol = TLSv1.2).";
    auto downgrade = base("TLS-02", "downgrade protection (TLS_FALLBACK_SCSV honoured)", "high", endpoint);
    downgrade.remedy = "Use a TLS library that honours TLS_FALLBACK_SCSV (RFC 7507); OpenSSL does by default.";
    auto ciphers = base("TLS-03", "no weak cipher suites, valid certificate for the host name", "high", endpoint);
    ciphers.remedy = "Remove NULL/export/anonymous/RC4/DES/3DES/MD5 suites; serve a valid, unexpired certificate "
                     "whose names include the host the app connects to.";
    const auto address = net::HostPort::parse(endpoint.endpoint);
    const auto startTls = tlsprobe::parseStartTls(endpoint.startTls);
    if (!address || !startTls) {
      for (auto* result : {&versions, &downgrade, &ciphers}) {
        result->verdict = Verdict::Fail;
        result->message = "cannot probe: endpoint must be host:port and starttls none/imap/lmtp/smtp";
        results.push_back(*result);
      }
      continue;
    }
    tlsprobe::ProbeOptions options;
    options.target.host = address->host;
    options.target.port = address->port;
    options.target.serverName = endpoint.serverName;
    options.target.startTls = *startTls;
    options.caFile = endpoint.caFile;
    const auto report = tlsprobe::probe(options);
    const auto evidence = report.toJson().dump(2);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (auto* result : {&versions, &downgrade, &ciphers}) {
      result->evidence = evidence;
      result->seconds = seconds;
    }
    if (!report.reachable) {
      for (auto* result : {&versions, &downgrade, &ciphers}) {
        result->verdict = Verdict::Fail;
        result->message = "unreachable: " + report.unreachable;
        results.push_back(*result);
      }
      continue;
    }
    std::string bad;
    for (const auto& verdict : report.versions) {
      const int number = tlsprobe::versionFromName(verdict.version);
      if (number < tlsprobe::versionFromName("TLSv1.2") && verdict.verdict == "accepted") {
        bad += (bad.empty() ? "" : ", ") + verdict.version;
      }
    }
    const bool modern = report.verdictOf("TLSv1.2") == "accepted" || report.verdictOf("TLSv1.3") == "accepted";
    versions.verdict = bad.empty() && modern ? Verdict::Pass : Verdict::Fail;
    versions.message = !bad.empty() ? "accepts " + bad : (modern ? "" : "accepts neither TLS 1.2 nor TLS 1.3");
    // With only one version accepted there is nothing to fall back to: protected by construction.
    const bool protectedOrSingle = report.fallbackScsv == "protected" || report.fallbackScsv.rfind("not applicable", 0) == 0;
    downgrade.verdict = protectedOrSingle ? Verdict::Pass : Verdict::Fail;
    downgrade.message = protectedOrSingle ? "" : report.fallbackScsv + ": " + report.fallbackDetail;
    std::string weak;
    for (const auto& accepted : report.ciphers) {
      if (accepted.cipher.weak) {
        weak += (weak.empty() ? "" : ", ") + accepted.cipher.name + " (" + accepted.version + ")";
      }
    }
    std::string certificate;
    if (!report.chain.empty() && report.chain.front().expired) {
      certificate = "certificate expired on " + report.chain.front().notAfter;
    } else if (!report.hostMatches) {
      certificate = "certificate does not match " + report.serverName;
    } else if (!endpoint.caFile.empty() && !report.chainTrusted) {
      certificate = "chain does not verify against " + endpoint.caFile + ": " + report.chainError;
    }
    ciphers.verdict = weak.empty() && certificate.empty() ? Verdict::Pass : Verdict::Fail;
    ciphers.message = !weak.empty() ? "weak suites accepted: " + weak : certificate;
    results.push_back(versions);
    results.push_back(downgrade);
    results.push_back(ciphers);
  }
}

}  // namespace oxh::runner::certify
