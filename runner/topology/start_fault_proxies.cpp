// The topology's fault proxies (`proxies:`, runner/scenario/load_proxies.cpp): started after
// every other component, so `to: dovecot.imap` names the address the fake (or the real build)
// really has. Each proxy's seed comes from the scenario's seed and the proxy's name, without
// drawing from the scenario's generator (so adding a proxy changes no other random value).
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "runner/faults/fault_proxy.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

namespace {

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string word; in >> word;) {
    out.push_back(word);
  }
  return out;
}

// `tls: terminate` and its options (load_proxies.cpp), or nothing.
std::optional<faults::TlsTerminationOptions> tlsOptions(const StepContext& context, const ComponentTopology& topology,
                                                        const std::string& name) {
  const auto option = [&](const char* key) -> std::optional<std::string> {
    const auto found = topology.options.find(key);
    return found == topology.options.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
  if (option("tls").value_or("none") != "terminate") {
    return std::nullopt;
  }
  faults::TlsTerminationOptions tls;
  tls.hosts = words(option("tls_hosts").value_or(""));
  tls.minVersion = option("tls_min_version").value_or("TLSv1.2");
  tls.alpn = words(option("alpn").value_or(""));
  const auto protocol = option("protocol").value_or("");
  if (tls.alpn.empty() && protocol == "h2") {
    tls.alpn = {"h2"};
  } else if (tls.alpn.empty() && protocol == "http1") {
    tls.alpn = {"http/1.1"};
  }
  tls.upstreamTls = option("upstream_tls").value_or("false") == "true";
  tls.upstreamServerName = option("upstream_server_name").value_or("");
  if (const auto ca = option("upstream_ca")) {
    std::filesystem::path file(*ca);  // relative to the scenario file
    if (!file.is_absolute()) {
      file = std::filesystem::path(context.scenario.file).parent_path() / file;
    }
    std::ifstream in(file);
    std::stringstream pem;
    pem << in.rdbuf();
    if (!in || pem.str().empty()) {
      throw StepFailure("fault proxy '" + name + "': cannot read upstream_ca " + file.string());
    }
    tls.upstreamCaPem = pem.str();
  }
  return tls;
}

}  // namespace

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
    options.tls = tlsOptions(context, topology, name);
    if (const auto protocol = topology.options.find("protocol"); protocol != topology.options.end()) {
      options.protocol = protocol->second == "tcp" ? "" : protocol->second;
    }
    auto proxy = std::make_shared<faults::FaultProxy>(context.io.context(), options);
    try {
      proxy->start();
    } catch (const std::exception& error) {
      throw StepFailure("cannot start fault proxy '" + name + "': " + error.what());
    }
    exportEndpoint(context, "proxies", name, proxy->endpoint());
    if (proxy->tlsTermination()) {  // the CA a client must trust to talk to the proxy
      context.vars.set("topology.proxies." + name + ".ca_pem", proxy->tlsTermination()->caPem());
    }
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
