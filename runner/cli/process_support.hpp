#pragma once
// What the long-running subcommands (serve, proxy) and the others share: host:port options with
// one error form, the stop signals (blocked before any thread starts, so only the waiting thread
// sees them), and the --ready-file, written to a temporary file and renamed so a reader never
// sees half a file.
#include <csignal>
#include <string>

#include <nlohmann/json.hpp>

#include "common/net/endpoint.hpp"

namespace oxh::runner::cli {

// Throws OxhException [oxh.cli.bad-address] "<option> wants host:port, got '<text>'".
net::HostPort addressOption(const std::string& option, const std::string& text);

// Blocks SIGINT and SIGTERM in this thread (and the threads it starts later); returns the set
// for waitForStopSignal().
sigset_t blockStopSignals();
// Returns the signal that arrived.
int waitForStopSignal(const sigset_t& signals);

// Throws OxhException(errorId) when the file cannot be written.
void writeReadyFile(const std::string& path, const nlohmann::json& ready, const std::string& errorId);

}  // namespace oxh::runner::cli
