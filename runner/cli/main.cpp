// oxharness: the one entry point. Parses the command line (CLI11) and hands over to a subcommand.
#include <iostream>

#include "runner/cli/certify_command.hpp"
#include "runner/cli/commands.hpp"
#include "runner/cli/tls_probe_command.hpp"

#ifndef OXH_VERSION
#define OXH_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  using namespace oxh::runner::cli;
  CLI::App app{"oxharness: conformance harness with faithful fakes for the OX Mail v2 push-mail ecosystem"};
  app.require_subcommand(1);
  app.set_version_flag("--version", OXH_VERSION);

  RunOptions run;
  auto* runApp = app.add_subcommand("run", "play scenarios and write reports");
  addSelectionOptions(*runApp, run.selection);
  runApp->add_option("-j,--jobs", run.jobs, "scenarios in parallel, each with its own fakes")->check(CLI::Range(1, 64));
  runApp->add_option("--seed", run.seed, "seed for everything random (default: new, printed)");
  runApp->add_option("--junit", run.junit, "write a JUnit XML report here");
  runApp->add_option("--json", run.json, "write a JSON report here (reports/report.schema.json)");
  runApp->add_flag("--fail-fast", run.failFast, "start nothing new after the first failure");
  runApp->add_option("--timeout", run.timeout, "time limit per scenario without its own `timeout:`")->capture_default_str();
  runApp->add_flag("--no-isolate", run.noIsolate, "run in this process, one after another (for debuggers)");
  runApp->add_flag("-q,--quiet", run.quiet, "print only failures and the summary");

  SelectionOptions validate;
  auto* validateApp = app.add_subcommand("validate", "check scenario files without running them");
  addSelectionOptions(*validateApp, validate);

  SelectionOptions list;
  bool listSteps = false;
  auto* listApp = app.add_subcommand("list", "list scenarios (or, with --steps, the step vocabulary)");
  addSelectionOptions(*listApp, list);
  listApp->add_flag("--steps", listSteps, "list every step with its parameters");
  bool listJson = false;
  listApp->add_flag("--json", listJson, "print the selected scenarios as a JSON array (file, line, column, name, id, tags)");

  ServeOptions serve;
  auto* serveApp = app.add_subcommand("serve", "start the fake stack for manual work until interrupted");
  serveApp->add_option("--config", serve.config, "YAML: users, listen addresses, credentials");
  serveApp->add_option("--ready-file", serve.readyFile, "write endpoints as JSON here once every listener accepts");
  serveApp->add_option("--notify-listen", serve.notifyListen, "http-notify receiver address")->capture_default_str();
  serveApp->add_option("--control-listen", serve.controlListen, "control plane address (loopback only)")->capture_default_str();

  TlsProbeOptions tlsProbe;
  auto* tlsProbeApp = app.add_subcommand(
      "tls-probe", "probe an endpoint's TLS with real handshakes: versions, downgrade, ciphers, chain, pins");
  addTlsProbeOptions(*tlsProbeApp, tlsProbe);

  CertifyOptions certify;
  auto* certifyApp = app.add_subcommand(
      "certify", "check a partner deployment against the seed's requirements (TLS, /preliminary, METADATA, push, config)");
  addCertifyOptions(*certifyApp, certify);

  ProxyOptions proxy;
  auto* proxyApp = app.add_subcommand(
      "proxy",
      "a fault proxy in front of HOST:PORT until interrupted; its control plane arms faults "
      "(POST arm {\"fault\":\"latency\",\"latency\":\"200ms\"}, clear, offline, online; see scenarios/README.md)");
  proxyApp->add_option("--to", proxy.to, "host:port of the server behind the proxy")->required();
  proxyApp->add_option("--listen", proxy.listen, "address the proxy listens on")->capture_default_str();
  proxyApp->add_option("--name", proxy.name, "proxy name (control `target`, journal connection ids)")->capture_default_str();
  proxyApp->add_option("--seed", proxy.seed, "seed of the fault schedule (default: new, printed)");
  proxyApp->add_option("--control-listen", proxy.controlListen, "control plane address (loopback only)")->capture_default_str();
  proxyApp->add_option("--ready-file", proxy.readyFile, "write the proxy and control addresses as JSON here when ready");
  proxyApp->add_option("--tls", proxy.tls, "terminate: accept TLS from clients (TLS faults need it)")
      ->check(CLI::IsMember({"terminate", "none"}));
  proxyApp->add_option("--tls-host", proxy.tlsHosts, "a name on the proxy's certificate (repeat; default localhost, 127.0.0.1)");
  proxyApp->add_option("--tls-min-version", proxy.tlsMinVersion, "TLS floor toward clients")->capture_default_str();
  proxyApp->add_option("--alpn", proxy.alpn, "ALPN protocol the proxy selects, in preference order (repeat)");
  proxyApp->add_flag("--upstream-tls", proxy.upstreamTls, "talk TLS to the upstream (with --tls terminate)");
  proxyApp->add_option("--upstream-ca", proxy.upstreamCa, "verify the upstream against this CA (PEM file)");
  proxyApp->add_option("--upstream-server-name", proxy.upstreamServerName, "SNI and verified name of the upstream");
  proxyApp->add_option("--ca-cert", proxy.caCert, "CA certificate (PEM) that signs the proxy's certificate (default: new)");
  proxyApp->add_option("--ca-key", proxy.caKey, "that CA's private key (PEM)");
  proxyApp->add_option("--protocol", proxy.protocol, "tcp, http1 or h2: the layer HTTP faults act on")
      ->check(CLI::IsMember({"tcp", "http1", "h2"}));

  auto* versionApp = app.add_subcommand("version", "print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitPassed : kExitUsage;
  }
  try {
    if (*runApp) {
      return runCommand(run);
    }
    if (*validateApp) {
      return validateCommand(validate);
    }
    if (*listApp) {
      return listCommand(list, listSteps, listJson);
    }
    if (*serveApp) {
      return serveCommand(serve);
    }
    if (*tlsProbeApp) {
      return tlsProbeCommand(tlsProbe);
    }
    if (*certifyApp) {
      return certifyCommand(certify);
    }
    if (*proxyApp) {
      return proxyCommand(proxy);
    }
    if (*versionApp) {
      std::cout << "oxharness " << OXH_VERSION << "\n";
      return kExitPassed;
    }
  } catch (const std::exception& error) {
    std::cerr << "oxharness: internal error: " << error.what() << "\n";
    return kExitInternal;
  }
  return kExitUsage;
}
