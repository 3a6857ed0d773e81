// expect.tls: probes an endpoint with real handshakes (common/tls_probe) and checks what the
// seed demands of app-facing endpoints: TLS 1.2 or newer, older versions refused, no downgrade,
// a pinned key, a valid chain for the host name. The whole probe report is journaled
// (component "runner.tls", kind "tls.probe") so the transcript carries the evidence.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "common/tls_probe/tls_prober.hpp"
#include "runner/engine/step_context.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner {
namespace {

// "dovecot.imaps" -> the topology's endpoint and its usual STARTTLS mode; "host:port" as it is.
struct ResolvedEndpoint {
  net::HostPort address;
  tlsprobe::StartTls startTls = tlsprobe::StartTls::None;
};

ResolvedEndpoint resolveEndpoint(const StepContext& context, const std::string& text) {
  if (auto parsed = net::HostPort::parse(text)) {
    return {*parsed, tlsprobe::StartTls::None};
  }
  const auto dot = text.find('.');
  if (dot == std::string::npos) {
    throw StepFailure("endpoint '" + text + "' is neither host:port nor component.name (dovecot.imaps)");
  }
  const auto name = text.substr(dot + 1);
  ResolvedEndpoint resolved{context.endpoint(text.substr(0, dot), name), tlsprobe::StartTls::None};
  if (name == "imap") {
    resolved.startTls = tlsprobe::StartTls::Imap;
  } else if (name == "lmtp") {
    resolved.startTls = tlsprobe::StartTls::Lmtp;
  }
  return resolved;
}

// A CA given as PEM text goes to a private file for OpenSSL; removed when the step ends.
class CaFile {
 public:
  explicit CaFile(const std::string& pem) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("oxh-expect-tls-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".pem");
    std::ofstream(path_) << pem;
  }
  ~CaFile() { std::filesystem::remove(path_); }
  CaFile(const CaFile&) = delete;
  CaFile& operator=(const CaFile&) = delete;
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::vector<std::string> textList(const StepContext& context, const std::string& key) {
  std::vector<std::string> out;
  if (!context.has(key)) {
    return out;
  }
  const YAML::Node node = context.args[key];
  if (node.IsSequence()) {
    for (const auto& item : node) {
      out.push_back(item.as<std::string>());
    }
  } else if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
  }
  return out;
}

void checkVersions(const StepContext& context, const tlsprobe::ProbeReport& report, std::vector<std::string>& problems) {
  for (const auto& version : textList(context, "rejects")) {
    const auto verdict = report.verdictOf(version);
    if (!verdict) {
      throw StepFailure("rejects: unknown TLS version '" + version + "' (SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)");
    }
    // "untestable": this OpenSSL cannot offer it, so no client built on it can use it either.
    if (*verdict == "accepted") {
      problems.push_back(version + " is accepted, wanted it refused");
    }
  }
  for (const auto& version : textList(context, "accepts")) {
    if (report.verdictOf(version) != "accepted") {
      problems.push_back(version + " is " + report.verdictOf(version).value_or("unknown") + ", wanted it accepted");
    }
  }
  if (context.has("min_version")) {
    const auto floor = context.text("min_version", "");
    const int floorNumber = tlsprobe::versionFromName(floor);
    if (floorNumber == 0) {
      throw StepFailure("min_version: unknown TLS version '" + floor + "'");
    }
    bool floorOrAboveAccepted = false;
    for (const auto& verdict : report.versions) {
      const int number = tlsprobe::versionFromName(verdict.version);
      if (number < floorNumber && verdict.verdict == "accepted") {
        problems.push_back(verdict.version + " is accepted, below min_version " + floor);
      }
      floorOrAboveAccepted = floorOrAboveAccepted || (number >= floorNumber && verdict.verdict == "accepted");
    }
    if (!floorOrAboveAccepted) {
      problems.push_back("no version at or above " + floor + " is accepted");
    }
  }
}

void checkCertificate(const StepContext& context, const tlsprobe::ProbeReport& report, std::vector<std::string>& problems) {
  if (context.has("pin")) {
    const auto pins = report.pins();
    bool matched = false;
    for (const auto& wanted : textList(context, "pin")) {
      for (const auto& pin : pins) {
        matched = matched || tlsprobe::normalizePin(pin) == tlsprobe::normalizePin(wanted);
      }
    }
    if (!matched) {
      std::string seen;
      for (const auto& pin : pins) {
        seen += (seen.empty() ? "" : ", ") + pin;
      }
      problems.push_back("no certificate in the chain matches the pin (chain pins: " + seen + ")");
    }
  }
  if (context.has("trusted") && context.flag("trusted", true) != report.chainTrusted) {
    problems.push_back(report.chainTrusted ? "the chain is trusted, wanted untrusted"
                                           : "the chain is not trusted: " + report.chainError);
  }
  if (context.has("host_valid") && context.flag("host_valid", true) != report.hostMatches) {
    problems.push_back(report.hostMatches ? "the certificate matches " + report.serverName + ", wanted a mismatch"
                                          : "the certificate does not match " + report.serverName);
  }
  if (!report.chain.empty()) {
    const auto& leaf = report.chain.front();
    if (context.has("min_days_left") && leaf.daysLeft < context.integer("min_days_left", 0)) {
      problems.push_back("the certificate expires in " + std::to_string(leaf.daysLeft) + " days (" + leaf.notAfter + ")");
    }
    if (context.has("min_key_bits") && leaf.keyBits < context.integer("min_key_bits", 0)) {
      problems.push_back("the key has " + std::to_string(leaf.keyBits) + " bits");
    }
    if (context.has("expired") && context.flag("expired", false) != leaf.expired) {
      problems.push_back(leaf.expired ? "the certificate expired on " + leaf.notAfter : "the certificate has not expired");
    }
  }
}

void expectTls(StepContext& context, const Step& /*step*/) {
  const auto endpoint = resolveEndpoint(context, context.requiredText("endpoint"));
  tlsprobe::ProbeOptions options;
  options.target.host = endpoint.address.host;
  options.target.port = endpoint.address.port;
  options.target.serverName = context.text("server_name", "");
  if (context.has("starttls")) {
    const auto mode = tlsprobe::parseStartTls(context.text("starttls", ""));
    if (!mode) {
      throw StepFailure("starttls must be none, imap, lmtp or smtp");
    }
    options.target.startTls = *mode;
  } else {
    options.target.startTls = endpoint.startTls;
  }
  std::unique_ptr<CaFile> caFile;
  if (context.has("ca_pem")) {
    caFile = std::make_unique<CaFile>(context.text("ca_pem", ""));
    options.caFile = caFile->path();
  } else {
    options.caFile = context.text("ca", "");
  }
  options.enumerateCiphers = context.has("no_weak_ciphers") || context.has("save");
  if (context.has("alpn_offer")) {
    options.alpn = textList(context, "alpn_offer");
  }
  const auto report = tlsprobe::probe(options);
  const auto json = report.toJson();
  journal::Entry probed;
  probed.component = "runner.tls";
  probed.kind = "tls.probe";
  probed.connection = context.text("conn", "tls");
  std::string accepted;
  for (const auto& version : report.accepted()) {
    accepted += (accepted.empty() ? "" : " ") + version;
  }
  probed.summary = report.endpoint + " accepts [" + accepted + "], fallback " + report.fallbackScsv + ", " +
                   (report.chainTrusted ? "trusted" : "untrusted") + " chain, host " +
                   (report.hostMatches ? "matches" : "mismatch");
  probed.data = json;
  context.journal.append(std::move(probed));
  if (!report.reachable) {
    throw StepFailure("cannot reach " + report.endpoint + ": " + report.unreachable);
  }
  std::vector<std::string> problems;
  checkVersions(context, report, problems);
  if (context.has("downgrade_protection") && context.flag("downgrade_protection", true) != (report.fallbackScsv == "protected")) {
    problems.push_back("downgrade protection: " + report.fallbackScsv + " (" + report.fallbackDetail + ")");
  }
  if (context.flag("no_weak_ciphers", false) && report.weakCipherAccepted()) {
    for (const auto& accepted : report.ciphers) {
      if (accepted.cipher.weak) {
        problems.push_back("weak cipher accepted: " + accepted.cipher.name + " with " + accepted.version + " (" +
                           accepted.cipher.why + ")");
      }
    }
  }
  if (context.has("alpn") && report.alpn != context.text("alpn", "")) {
    problems.push_back("ALPN chose '" + report.alpn + "', wanted '" + context.text("alpn", "") + "'");
  }
  checkCertificate(context, report, problems);
  if (context.has("save")) {
    context.save(context.args["save"], json);
  }
  if (!problems.empty()) {
    std::string message = "TLS at " + report.endpoint + ":";
    for (const auto& problem : problems) {
      message += "\n  - " + problem;
    }
    throw StepFailure(message);
  }
}

}  // namespace

void registerTlsSteps(StepRegistry& registry) {
  registry.add(makeStep(
      "expect.tls", "probe an endpoint's TLS with real handshakes and check versions, downgrade, ciphers, chain, pin",
      {
          {"endpoint", ParamType::String, true, "host:port, or component.name from the topology (dovecot.imaps)"},
          {"starttls", ParamType::String, false, "none, imap, lmtp or smtp (default from the endpoint name)"},
          {"server_name", ParamType::String, false, "SNI and host-name check (default: the endpoint's host)"},
          {"ca", ParamType::String, false, "CA bundle file for the chain check (default: the system's)"},
          {"ca_pem", ParamType::String, false, "CA certificate as PEM text (e.g. ${topology.apns.ca_pem})"},
          {"min_version", ParamType::String, false, "every older version must be refused (TLSv1.2)"},
          {"rejects", ParamType::StringOrList, false, "versions that must be refused ([TLSv1, TLSv1.1])"},
          {"accepts", ParamType::StringOrList, false, "versions that must be accepted"},
          {"downgrade_protection", ParamType::Bool, false, "TLS_FALLBACK_SCSV must (true) or must not be honoured"},
          {"no_weak_ciphers", ParamType::Bool, false, "enumerate ciphers; fail on NULL/export/anon/RC4/DES/MD5"},
          {"pin", ParamType::StringOrList, false, "SPKI pin(s) sha256/<base64>; one must match a chain certificate"},
          {"trusted", ParamType::Bool, false, "the chain must (not) verify against the CA"},
          {"host_valid", ParamType::Bool, false, "the certificate must (not) match the server name"},
          {"expired", ParamType::Bool, false, "the certificate must (not) be expired"},
          {"min_days_left", ParamType::Int, false, "days the certificate must still be valid"},
          {"min_key_bits", ParamType::Int, false, "minimum public key size"},
          {"alpn", ParamType::String, false, "the ALPN protocol the server must choose"},
          {"alpn_offer", ParamType::StringOrList, false, "ALPN protocols offered (default [h2, http/1.1])"},
          {"conn", ParamType::String, false, "name in the journal (default tls)"},
          {"save", ParamType::Map, false, "save report fields: name -> dotted path (pins.0, negotiated.version)", {},
           ParamType::String},
      },
      expectTls));
}

}  // namespace oxh::runner
