#pragma once
// Plays one scenario in this process: brings up its topology, checks `requires:`, runs the
// steps in order, and turns the journal into a ScenarioResult. Never throws: a crash-like
// exception or a timeout becomes Status::Error with the transcript so far.
// Thread: call from one thread; it owns the scenario's io threads for the duration.
#include <chrono>
#include <cstdint>
#include <functional>

#include "common/journal/journal.hpp"
#include "runner/report/result.hpp"
#include "runner/scenario/model.hpp"
#include "runner/scenario/schema.hpp"

namespace oxh::runner {

struct ScenarioRunOptions {
  std::uint64_t seed = 0;
  Duration timeout = std::chrono::seconds(60);  // when the scenario sets none
  // Receives every journal entry as it is appended (transcript streaming to a supervisor).
  std::function<void(const journal::Journal&, const journal::Entry&)> onEntry;
};

ScenarioResult runScenario(const Scenario& scenario, const StepRegistry& registry, const ScenarioRunOptions& options);
// A passed result with the scenario's identity and properties (name, file, tags, seed, topology),
// for the runner and for the supervisor's entries of scenarios that never reported.
ScenarioResult resultFor(const Scenario& scenario, std::uint64_t seed);

// The seed of one scenario: stable for (run seed, display name), so --seed reproduces a cell.
std::uint64_t scenarioSeed(std::uint64_t runSeed, const std::string& displayName);
// "scenarios/push/ios.yaml" -> "scenarios.push.ios"
std::string classnameFor(const std::string& file);

}  // namespace oxh::runner
