#pragma once
// Small helpers the component starters share: reading a component's topology options and
// listen addresses, and publishing endpoints as `topology.*` variables.
#include <initializer_list>
#include <optional>
#include <string>

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

// Component starters (one file each); they do nothing when the scenario does not use them.
void startFakeDovecot(StepContext& context);
void startFakeApns(StepContext& context);
void startFakeFcm(StepContext& context);
// The `proxies:` entries, in front of endpoints the components above exported.
void startFaultProxies(StepContext& context);
void stopFaultProxies(StepContext& context);
void startFakeFacade(StepContext& context);  // after the Dovecot it talks to

}  // namespace oxh::runner
