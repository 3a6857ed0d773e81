#pragma once
// The subcommands of `oxharness`, each in its own file. They return the process exit code:
//   0 everything passed, 1 a scenario failed, 2 invalid input or usage, 3 internal error.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runner/scenario/loader.hpp"

namespace oxh::runner::cli {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

// Options shared by run, validate and list: which scenarios, with which variables.
struct SelectionOptions {
  std::vector<std::string> paths;
  std::vector<std::string> vars;  // name=value
  std::string filter;             // ECMAScript regex on "file name"
  std::string tags;               // "a,b" any of; "!c" none of
  std::string shard;              // "K/N"
  std::vector<std::string> fakes; // components to run as embedded fakes whatever the topology says
};

void addSelectionOptions(CLI::App& command, SelectionOptions& options);

// Loads and filters; prints every load error to stderr. Returns false when any error occurred.
bool loadSelection(const SelectionOptions& options, const StepRegistry& registry, std::vector<Scenario>& out,
                   std::size_t& fileCount);

struct RunOptions {
  SelectionOptions selection;
  unsigned jobs = 1;
  std::string seed;
  std::string junit;
  std::string json;
  bool failFast = false;
  std::string timeout = "60s";
  bool noIsolate = false;
  bool quiet = false;
};

struct ServeOptions {
  std::string config;
  std::string readyFile;
  std::string notifyListen = "127.0.0.1:0";
  std::string controlListen = "127.0.0.1:0";
};

struct ProxyOptions {
  std::string to;  // host:port of the server behind the proxy
  std::string listen = "127.0.0.1:0";
  std::string name = "proxy";
  std::string seed;  // empty: a random seed, printed
  std::string controlListen = "127.0.0.1:0";
  std::string readyFile;
  // TLS termination and the protocol layer (runner/faults/tls_termination.hpp, protocol_filter.hpp).
  std::string tls;                        // "terminate" or empty
  std::vector<std::string> tlsHosts;      // names on the proxy's certificate
  std::string tlsMinVersion = "TLSv1.2";
  std::vector<std::string> alpn;          // the proxy's ALPN preference toward the client
  bool upstreamTls = false;
  std::string upstreamCa;                 // PEM file; empty: the upstream is not verified
  std::string upstreamServerName;
  std::string caCert;                     // PEM files of the CA that signs the proxy's certificate
  std::string caKey;
  std::string protocol;                   // tcp, http1 or h2
};

int runCommand(const RunOptions& options);
int validateCommand(const SelectionOptions& options);
int listCommand(const SelectionOptions& options, bool steps, bool json = false);
int serveCommand(const ServeOptions& options);
int proxyCommand(const ProxyOptions& options);

}  // namespace oxh::runner::cli
