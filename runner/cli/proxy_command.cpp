// `oxharness proxy`: one fault proxy outside any scenario, in front of a fake or a real
// server, driven over its control plane (runner/faults/proxy_control.hpp: arm, clear,
// offline, online; plus ready, state and the journal long poll). Writes --ready-file once the
// proxy and the control plane accept connections; runs until SIGINT or SIGTERM.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "common/control/control_plane.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"
#include "runner/cli/commands.hpp"
#include "runner/cli/process_support.hpp"
#include "runner/faults/fault_proxy.hpp"
#include "runner/faults/proxy_control.hpp"

namespace oxh::runner::cli {

namespace {

std::uint64_t seedOption(const std::string& text) {
  if (text.empty()) {
    return std::random_device{}();
  }
  try {
    std::size_t used = 0;
    const auto value = std::stoull(text, &used);
    if (used == text.size()) {
      return value;
    }
  } catch (const std::exception&) {
  }
  throw OxhException(Error("oxh.cli.bad-seed", "--seed wants a non-negative integer, got '" + text + "'"));
}


std::string readPem(const std::string& option, const std::string& path) {
  std::ifstream in(path);
  std::stringstream pem;
  pem << in.rdbuf();
  if (!in || pem.str().empty()) {
    throw OxhException(Error("oxh.cli.usage", option + ": cannot read " + path));
  }
  return pem.str();
}

faults::TlsTerminationOptions tlsOptions(const ProxyOptions& options) {
  faults::TlsTerminationOptions tls;
  tls.hosts = options.tlsHosts;
  tls.minVersion = options.tlsMinVersion;
  tls.alpn = options.alpn;
  if (tls.alpn.empty() && options.protocol == "h2") {
    tls.alpn = {"h2"};
  } else if (tls.alpn.empty() && options.protocol == "http1") {
    tls.alpn = {"http/1.1"};
  }
  tls.upstreamTls = options.upstreamTls;
  tls.upstreamServerName = options.upstreamServerName;
  if (!options.upstreamCa.empty()) {
    tls.upstreamCaPem = readPem("--upstream-ca", options.upstreamCa);
  }
  if (!options.caCert.empty() || !options.caKey.empty()) {
    tls.authority = tls::CertificateAuthority::fromFiles(options.caCert, options.caKey);
  }
  return tls;
}

}  // namespace

int proxyCommand(const ProxyOptions& options) {
  faults::FaultProxyOptions proxyOptions;
  net::HostPort controlListen;
  try {
    proxyOptions.name = options.name;
    proxyOptions.upstream = addressOption("--to", options.to);
    proxyOptions.listen = addressOption("--listen", options.listen);
    proxyOptions.seed = seedOption(options.seed);
    controlListen = addressOption("--control-listen", options.controlListen);
    proxyOptions.protocol = options.protocol == "tcp" ? "" : options.protocol;
    if (options.tls == "terminate") {
      proxyOptions.tls = tlsOptions(options);
    } else if (options.upstreamTls || !options.upstreamCa.empty() || !options.tlsHosts.empty()) {
      throw OxhException(Error("oxh.cli.usage", "--upstream-tls, --upstream-ca and --tls-host need --tls terminate"));
    }
  } catch (const OxhException& error) {
    std::cerr << error.error().describe() << "\n";
    return kExitUsage;
  }
  const sigset_t stopSignals = blockStopSignals();

  journal::Journal journal("proxy");
  net::IoRuntime io(2);
  proxyOptions.journal = &journal;
  auto proxy = std::make_shared<faults::FaultProxy>(io.context(), proxyOptions);
  faults::ProxyMap proxies{{options.name, proxy}};
  control::ControlPlaneOptions controlOptions;
  controlOptions.listen = controlListen;
  controlOptions.component = "fault-proxy";
  controlOptions.journal = &journal;
  std::unique_ptr<control::ControlPlane> controlPlane;
  try {
    proxy->start();
    controlPlane = std::make_unique<control::ControlPlane>(controlOptions);
    controlPlane->onState([&] { return nlohmann::json{{"proxies", {{options.name, proxy->state()}}}}; });
    faults::registerProxyActions(*controlPlane, proxies);
    controlPlane->start();
  } catch (const OxhException& error) {
    std::cerr << error.error().describe() << "\n";
    return kExitUsage;
  }
  nlohmann::json ready = {
      {"pid", ::getpid()},
      {"control", controlPlane->baseUrl()},
      {"seed", proxyOptions.seed},
      {"proxies", {{options.name, {{"listen", proxy->endpoint().str()}, {"upstream", proxyOptions.upstream.str()}}}}}};
  if (proxy->tlsTermination()) {  // the CA a client must trust to talk to the proxy
    ready["proxies"][options.name]["ca_pem"] = proxy->tlsTermination()->caPem();
  }
  if (!options.readyFile.empty()) {
    try {
      writeReadyFile(options.readyFile, ready, "oxh.proxy.ready-file");
    } catch (const OxhException& error) {
      std::cerr << error.error().describe() << "\n";
      return kExitUsage;
    }
  }
  std::printf("oxharness proxy: ready (seed %llu)\n", static_cast<unsigned long long>(proxyOptions.seed));
  std::printf("  %s  %s -> %s\n", options.name.c_str(), proxy->endpoint().str().c_str(), proxyOptions.upstream.str().c_str());
  std::printf("  control plane  %s  (arm, clear, offline, online, state, journal)\n", controlPlane->baseUrl().c_str());
  std::fflush(stdout);
  waitForStopSignal(stopSignals);
  controlPlane->stop();
  proxy->stop();
  io.stop();
  return kExitPassed;
}

}  // namespace oxh::runner::cli
