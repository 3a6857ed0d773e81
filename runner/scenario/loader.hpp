#pragma once
// Loads scenario files (DESIGN.md section 5, scenarios/README.md) into validated Scenarios.
// Every problem becomes an Error with a stable id and the file:line:col of the offending node;
// all errors of a file are collected, and a file with any error yields no scenarios.
// Thread: pure functions; the registry is only read.
#include <map>
#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "runner/scenario/model.hpp"
#include "runner/scenario/schema.hpp"

namespace oxh::runner {

struct LoadOptions {
  // `--var name=value`: wins over `vars:` and matrix values, and is visible to every scenario.
  std::map<std::string, std::string> cliVars;
};

struct LoadResult {
  std::vector<Scenario> scenarios;  // document order, matrix cells in product order
  std::vector<Error> errors;
};

// Reads `path` and loads it; an unreadable file is the error `oxh.scenario.unreadable`.
LoadResult loadScenarioFile(const std::string& path, const StepRegistry& registry, const LoadOptions& options);

// Loads `text` as if read from `path` (used for positions and to resolve includes).
LoadResult loadScenarioText(const std::string& text, const std::string& path, const StepRegistry& registry,
                            const LoadOptions& options);

// The scenario files named by `paths`: files as given, directories searched recursively for
// *.yaml / *.yml, skipping anything under a directory named `fragments` and files whose name
// starts with '_' (both hold include fragments). Sorted per argument, without repeats.
// A path that does not exist adds `oxh.cli.no-such-path` to `errors`.
std::vector<std::string> discoverScenarioFiles(const std::vector<std::string>& paths, std::vector<Error>& errors);

}  // namespace oxh::runner
