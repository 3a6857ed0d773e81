#pragma once
// Small helpers the component starters share: reading a component's topology options and
// listen addresses, and publishing endpoints as `topology.*` variables.
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "runner/engine/step_context.hpp"

namespace oxh::runner {

// Records the endpoint for steps and sets ${topology.C.N}, ${topology.C.N.host}, ${topology.C.N.port}.
void exportEndpoint(StepContext& context, const std::string& component, const std::string& name,
                    const net::HostPort& address);
std::optional<std::string> topologyOption(const Scenario& scenario, const std::string& component, const std::string& key);
// The address a component's embedded fake should listen on for `name` (default 127.0.0.1:0).
net::HostPort listenAddress(const Scenario& scenario, const std::string& component, const std::string& name);
// True when the topology names the component, or a step's kind starts with one of the prefixes.
bool scenarioUses(const Scenario& scenario, const std::string& component, std::initializer_list<const char*> prefixes);

// Deliberate TLS misbehaviour of an embedded fake (issue 7), read from the component's topology
// options tls_min_version and tls_certificate (valid | expired | wrong_host; anything else is a
// StepFailure). When any applies, journals a "tls.insecure" entry for `journalComponent` with
// the finding oxh.tls.insecure, so every report says the scenario ran a weakened server.
struct TlsMisbehaviour {
  std::string minVersion;                 // empty: the TLS 1.2 floor
  bool expiredCertificate = false;
  std::vector<std::string> hostNames;     // empty: the usual names
  std::vector<std::string> weakened;      // what is weakened, for the finding; empty: nothing
};
TlsMisbehaviour readTlsMisbehaviour(StepContext& context, const std::string& component,
                                    const std::string& journalComponent, const std::string& what);
// The same from the two option values (empty: not given), for `oxharness serve`; `what` names
// the endpoint ("HTTPS"). Throws StepFailure naming `component` for a bad certificate mode.
TlsMisbehaviour tlsMisbehaviour(const std::string& component, const std::string& what, const std::string& minVersion,
                                const std::string& certificate);
// Journals the "tls.insecure" entry with one oxh.tls.insecure finding per weakened item.
void journalTlsMisbehaviour(journal::Journal& journal, const std::string& journalComponent,
                            const std::string& component, const TlsMisbehaviour& misbehaviour);

// Component starters (one file each); they do nothing when the scenario does not use them.
void startFakeDovecot(StepContext& context);
void startFakeApns(StepContext& context);
void startFakeFcm(StepContext& context);
// The `proxies:` entries, in front of endpoints the components above exported.
void startFaultProxies(StepContext& context);
void stopFaultProxies(StepContext& context);
void startFakeFacade(StepContext& context);  // after the Dovecot it talks to
void startMobileFacade(StepContext& context);  // after the App Suite it calls

}  // namespace oxh::runner
