#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

void exportEndpoint(StepContext& context, const std::string& component, const std::string& name,
                    const net::HostPort& address) {
  context.setEndpoint(component, name, address);
  const std::string prefix = "topology." + component + "." + name;
  context.vars.set(prefix, address.str());
  context.vars.set(prefix + ".host", address.host);
  context.vars.set(prefix + ".port", std::to_string(address.port));
}

std::optional<std::string> topologyOption(const Scenario& scenario, const std::string& component, const std::string& key) {
  const auto found = scenario.topology.find(component);
  if (found == scenario.topology.end()) {
    return std::nullopt;
  }
  const auto option = found->second.options.find(key);
  return option == found->second.options.end() ? std::nullopt : std::optional<std::string>(option->second);
}

net::HostPort listenAddress(const Scenario& scenario, const std::string& component, const std::string& name) {
  const auto found = scenario.topology.find(component);
  if (found != scenario.topology.end()) {
    if (const auto endpoint = found->second.endpoints.find(name); endpoint != found->second.endpoints.end()) {
      if (auto parsed = net::HostPort::parse(endpoint->second)) {
        return *parsed;
      }
      throw StepFailure("topology " + component + "." + name + " must be host:port, got '" + endpoint->second + "'");
    }
  }
  return {"127.0.0.1", 0};
}

bool scenarioUses(const Scenario& scenario, const std::string& component, std::initializer_list<const char*> prefixes) {
  if (scenario.topology.count(component) != 0) {
    return true;
  }
  // A fault proxy in front of one of the component's endpoints (`to: dovecot.imap`) needs it.
  for (const auto& [name, entry] : scenario.topology) {
    const auto to = entry.options.find("to");
    if (name.rfind("proxies.", 0) == 0 && to != entry.options.end() && to->second.rfind(component + ".", 0) == 0) {
      return true;
    }
  }
  for (const auto& step : scenario.steps) {
    for (const char* prefix : prefixes) {
      if (step.kind.rfind(prefix, 0) == 0) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace oxh::runner
