// Reads an embedded fake's deliberate TLS misbehaviour from its topology options and journals
// it as a finding (topology_access.hpp).
#include "common/tls/certificate_authority.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

TlsMisbehaviour tlsMisbehaviour(const std::string& component, const std::string& what, const std::string& minVersion,
                                const std::string& certificate) {
  TlsMisbehaviour out;
  if (!minVersion.empty()) {
    out.minVersion = minVersion;
    out.weakened.push_back(what + " TLS floor lowered to " + minVersion);
  }
  if (certificate == "expired") {
    out.expiredCertificate = true;
  } else if (certificate == "wrong_host") {
    out.hostNames = {tls::kWrongHostName};
  } else if (!certificate.empty() && certificate != "valid") {
    throw StepFailure(component + ".tls_certificate is valid, expired or wrong_host, got '" + certificate + "'");
  }
  if (!certificate.empty() && certificate != "valid") {
    out.weakened.push_back(what + " TLS certificate " + certificate);
  }
  return out;
}

void journalTlsMisbehaviour(journal::Journal& journal, const std::string& journalComponent,
                            const std::string& component, const TlsMisbehaviour& misbehaviour) {
  if (misbehaviour.weakened.empty()) {
    return;
  }
  journal::Entry entry;
  entry.component = journalComponent;
  entry.kind = "tls.insecure";
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& item : misbehaviour.weakened) {
    entry.summary += (entry.summary.empty() ? "INSECURE on purpose: " : "; ") + item;
    findings.push_back(
        {{"id", "oxh.tls.insecure"}, {"message", "the fake " + component + " runs insecure on purpose: " + item}});
  }
  entry.data = {{"findings", findings}};
  journal.append(std::move(entry));
}

TlsMisbehaviour readTlsMisbehaviour(StepContext& context, const std::string& component,
                                    const std::string& journalComponent, const std::string& what) {
  auto out = tlsMisbehaviour("topology " + component, what,
                             topologyOption(context.scenario, component, "tls_min_version").value_or(""),
                             topologyOption(context.scenario, component, "tls_certificate").value_or(""));
  journalTlsMisbehaviour(context.journal, journalComponent, component, out);
  return out;
}

}  // namespace oxh::runner
