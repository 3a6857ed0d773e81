// The topology's fault proxies (`proxies:`, runner/scenario/load_proxies.cpp): started after
// every other component, so `to: dovecot.imap` names the address the fake (or the real build)
// really has. Each proxy's seed comes from the scenario's seed and the proxy's name, without
// drawing from the scenario's generator (so adding a proxy changes no other random value).
#include <functional>

#include "runner/faults/fault_proxy.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

void startFaultProxies(StepContext& context) {
  const std::string prefix = "proxies.";
  for (const auto& [component, topology] : context.scenario.topology) {
    if (component.rfind(prefix, 0) != 0) {
      continue;
    }
    const auto name = component.substr(prefix.size());
    const auto to = topology.options.at("to");
    net::HostPort upstream;
    if (auto parsed = net::HostPort::parse(to)) {
      upstream = *parsed;
    } else {
      const auto dot = to.find('.');
      upstream = context.endpoint(to.substr(0, dot), to.substr(dot + 1));
    }
    faults::FaultProxyOptions options;
    options.name = name;
    options.upstream = upstream;
    options.listen = listenAddress(context.scenario, component, "listen");
    auto generator = context.random;  // a copy: the scenario's own sequence is left alone
    options.seed = generator() ^ std::hash<std::string>{}(name);
    options.journal = &context.journal;
    auto proxy = std::make_shared<faults::FaultProxy>(context.io.context(), options);
    try {
      proxy->start();
    } catch (const std::exception& error) {
      throw StepFailure("cannot start fault proxy '" + name + "': " + error.what());
    }
    exportEndpoint(context, "proxies", name, proxy->endpoint());
    context.faultProxies[name] = std::move(proxy);
  }
}

void stopFaultProxies(StepContext& context) {
  for (auto& [name, proxy] : context.faultProxies) {
    proxy->stop();
  }
  context.faultProxies.clear();
}

}  // namespace oxh::runner
