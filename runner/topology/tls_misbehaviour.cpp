// Reads an embedded fake's deliberate TLS misbehaviour from its topology options and journals
// it as a finding (topology_access.hpp).
#include "common/tls/certificate_authority.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

TlsMisbehaviour readTlsMisbehaviour(StepContext& context, const std::string& component,
                                    const std::string& journalComponent, const std::string& what) {
  TlsMisbehaviour out;
  std::vector<std::string> insecure;
  if (auto floor = topologyOption(context.scenario, component, "tls_min_version")) {
    out.minVersion = *floor;
    insecure.push_back(what + " TLS floor lowered to " + *floor);
  }
  if (auto certificate = topologyOption(context.scenario, component, "tls_certificate")) {
    if (*certificate == "expired") {
      out.expiredCertificate = true;
    } else if (*certificate == "wrong_host") {
      out.hostNames = {tls::kWrongHostName};
    } else if (*certificate != "valid") {
      throw StepFailure("topology " + component + ".tls_certificate is valid, expired or wrong_host, got '" +
                        *certificate + "'");
    }
    if (*certificate != "valid") {
      insecure.push_back(what + " TLS certificate " + *certificate);
    }
  }
  if (!insecure.empty()) {
    journal::Entry entry;
    entry.component = journalComponent;
    entry.kind = "tls.insecure";
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& item : insecure) {
      entry.summary += (entry.summary.empty() ? "INSECURE on purpose: " : "; ") + item;
      findings.push_back({{"id", "oxh.tls.insecure"},
                          {"message", "the fake " + component + " runs insecure on purpose: " + item}});
    }
    entry.data = {{"findings", findings}};
    context.journal.append(std::move(entry));
  }
  return out;
}

}  // namespace oxh::runner
