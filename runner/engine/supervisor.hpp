#pragma once
// Runs many scenarios, `jobs` at a time, each in its own worker process (fork) so that a
// crash, a hang or a leak in one cannot take the others down. A worker streams its
// transcript to the supervisor as it goes, so a scenario that crashes or times out still
// gets its report entry with everything up to that point.
// Thread: call from a process with no other threads running (fork safety): the CLI calls
// it after loading, before anything starts a thread.
#include <functional>
#include <vector>

#include "runner/engine/scenario_runner.hpp"

namespace oxh::runner {

struct Progress {
  std::size_t total = 0;
  std::size_t done = 0;
  std::size_t passed = 0;
  std::size_t failed = 0;   // failed + errors
  std::size_t skipped = 0;
  std::vector<std::string> running;       // display names
  const ScenarioResult* finished = nullptr;  // set when this event reports a finished scenario

  void count(const ScenarioResult& result);  // one more done, in its status's counter
};

struct SuperviseOptions {
  unsigned jobs = 1;
  bool isolate = true;    // one worker process per scenario; false: run in this process, in order
  bool failFast = false;  // after the first failure or error, start nothing new
  std::uint64_t seed = 0;
  Duration timeout = std::chrono::seconds(60);  // per scenario, when it sets none
  Duration killGrace = std::chrono::seconds(5);  // past the timeout before the worker is killed
  std::function<void(const Progress&)> onProgress;
};

// Results in the order of `scenarios`.
std::vector<ScenarioResult> runAll(const std::vector<Scenario>& scenarios, const StepRegistry& registry,
                                   const SuperviseOptions& options);

}  // namespace oxh::runner
