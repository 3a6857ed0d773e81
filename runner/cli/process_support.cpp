#include "runner/cli/process_support.hpp"

#include <pthread.h>

#include <cstdio>
#include <fstream>

#include "common/error/error.hpp"

namespace oxh::runner::cli {

net::HostPort addressOption(const std::string& option, const std::string& text) {
  auto parsed = net::HostPort::parse(text);
  if (!parsed) {
    throw OxhException(Error("oxh.cli.bad-address", option + " wants host:port, got '" + text + "'"));
  }
  return *parsed;
}

sigset_t blockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int waitForStopSignal(const sigset_t& signals) {
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

void writeReadyFile(const std::string& path, const nlohmann::json& ready, const std::string& errorId) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary);
    out << ready.dump(2) << "\n";
    if (!out) {
      throw OxhException(Error(errorId, "cannot write " + temporary));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw OxhException(Error(errorId, "cannot write " + path));
  }
}

}  // namespace oxh::runner::cli
