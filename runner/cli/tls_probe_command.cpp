// oxharness tls-probe: the TLS prober (common/tls_probe) from the command line, for a partner
// checking an endpoint by hand and for cross-checks against openssl s_client and testssl.sh.
#include <iostream>

#include "common/net/endpoint.hpp"
#include "common/tls_probe/tls_prober.hpp"
#include "runner/cli/commands.hpp"
#include "runner/cli/process_support.hpp"
#include "runner/cli/tls_probe_command.hpp"

namespace oxh::runner::cli {
namespace {

void printHuman(const tlsprobe::ProbeReport& report) {
  std::cout << "endpoint " << report.endpoint << " (server name " << report.serverName << ", starttls "
            << report.startTls << ")\n";
  for (const auto& verdict : report.versions) {
    std::cout << "  " << verdict.version << std::string(9 - std::min<std::size_t>(8, verdict.version.size()), ' ')
              << verdict.verdict << (verdict.detail.empty() ? "" : "  (" + verdict.detail + ")") << "\n";
  }
  std::cout << "downgrade (TLS_FALLBACK_SCSV): " << report.fallbackScsv
            << (report.fallbackDetail.empty() ? "" : "  (" + report.fallbackDetail + ")") << "\n";
  if (!report.ciphers.empty()) {
    std::cout << "ciphers accepted:\n";
    for (const auto& accepted : report.ciphers) {
      std::cout << "  " << accepted.version << "  " << accepted.cipher.name
                << (accepted.cipher.forwardSecrecy ? "" : "  [no forward secrecy]")
                << (accepted.cipher.weak ? "  [WEAK: " + accepted.cipher.why + "]" : "") << "\n";
    }
  }
  if (!report.negotiatedVersion.empty()) {
    std::cout << "negotiated " << report.negotiatedVersion << " " << report.negotiatedCipher
              << (report.alpn.empty() ? "" : ", ALPN " + report.alpn) << "\n";
  }
  for (std::size_t i = 0; i < report.chain.size(); ++i) {
    const auto& cert = report.chain[i];
    std::cout << "certificate " << i << ": " << cert.subject << "\n    issuer " << cert.issuer << "\n    valid "
              << cert.notBefore << " .. " << cert.notAfter << (cert.expired ? "  EXPIRED" : "") << "\n    key "
              << cert.keyType << " " << cert.keyBits << " bits, pin sha256/" << cert.spkiSha256 << "\n";
  }
  if (!report.chain.empty()) {
    std::cout << "chain " << (report.chainTrusted ? "trusted" : "NOT trusted: " + report.chainError) << "; host name "
              << (report.hostMatches ? "matches" : "does NOT match") << "\n";
  }
}

}  // namespace

void addTlsProbeOptions(CLI::App& command, TlsProbeOptions& options) {
  command.add_option("endpoint", options.endpoint, "host:port to probe")->required();
  command.add_option("--starttls", options.startTls, "none, imap, lmtp or smtp")->capture_default_str();
  command.add_option("--server-name", options.serverName, "SNI and host-name check (default: the host)");
  command.add_option("--ca", options.caFile, "CA bundle for the chain check (default: the system's)");
  command.add_flag("--no-ciphers", options.noCiphers, "skip the cipher enumeration (fewer handshakes)");
  command.add_flag("--json", options.json, "print the report as JSON");
}

int tlsProbeCommand(const TlsProbeOptions& options) {
  net::HostPort address;
  try {
    address = addressOption("tls-probe", options.endpoint);
  } catch (const OxhException& error) {
    std::cerr << error.error().describe() << "\n";
    return kExitUsage;
  }
  const auto startTls = tlsprobe::parseStartTls(options.startTls);
  if (!startTls) {
    std::cerr << Error("oxh.cli.bad-starttls", "--starttls is none, imap, lmtp or smtp, got '" + options.startTls + "'")
                     .describe()
              << "\n";
    return kExitUsage;
  }
  tlsprobe::ProbeOptions probeOptions;
  probeOptions.target.host = address.host;
  probeOptions.target.port = address.port;
  probeOptions.target.serverName = options.serverName;
  probeOptions.target.startTls = *startTls;
  probeOptions.caFile = options.caFile;
  probeOptions.enumerateCiphers = !options.noCiphers;
  const auto report = tlsprobe::probe(probeOptions);
  if (options.json) {
    std::cout << report.toJson().dump(2) << "\n";
  } else {
    printHuman(report);
  }
  if (!report.reachable) {
    std::cerr << "oxharness tls-probe: " << report.endpoint << " is unreachable: " << report.unreachable << "\n";
    return kExitFailed;
  }
  return kExitPassed;
}

}  // namespace oxh::runner::cli
