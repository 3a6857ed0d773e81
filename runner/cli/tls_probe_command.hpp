#pragma once
// `oxharness tls-probe HOST:PORT`: prints the prober's report (human or --json).
// Exit codes: 0 reachable (the report says the rest), 1 unreachable, 2 bad arguments.
#include <CLI/CLI.hpp>
#include <string>

namespace oxh::runner::cli {

struct TlsProbeOptions {
  std::string endpoint;
  std::string startTls = "none";
  std::string serverName;
  std::string caFile;
  bool noCiphers = false;
  bool json = false;
};

// Adds the subcommand's options to `command`.
void addTlsProbeOptions(CLI::App& command, TlsProbeOptions& options);
int tlsProbeCommand(const TlsProbeOptions& options);

}  // namespace oxh::runner::cli
