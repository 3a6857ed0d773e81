#pragma once
// What a run produced, independent of the report format. The engine fills these; the JUnit,
// JSON (and later HTML) writers only read them.
// Thread: plain values.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error/error.hpp"

namespace oxh::runner {

enum class Status { Passed, Failed, Skipped, Error };  // Error: crash, timeout, internal fault
const char* toString(Status status);                   // "passed", "failed", "skipped", "error"

struct StepResult {
  std::string kind;        // "expect.notify"
  SourcePosition where;
  Status status = Status::Passed;
  double seconds = 0;
  std::string message;     // failure text; empty when passed
};

struct Finding {            // something noteworthy that is not a failure by itself
  std::string id;           // "oxh.notify.malformed-json"
  std::string message;
  std::string component;
};

struct ScenarioResult {
  std::string name;         // Scenario::displayName()
  std::string file;
  std::string classname;    // for JUnit: the file path with '/' -> '.', without extension
  int line = 0;             // line of the scenario in `file` (0: unknown); CI annotations point here
  std::vector<std::string> tags;
  std::map<std::string, std::string> properties;  // topology.*, seed, matrix.*
  Status status = Status::Passed;
  std::string message;      // first failure, "file:line:col: text"; skip reason when skipped
  std::optional<SourcePosition> failedAt;
  double seconds = 0;
  std::vector<StepResult> steps;
  std::vector<Finding> findings;
  std::string transcript;   // journal lines, one per interaction, as text
};

struct RunResult {
  std::string tool = "oxharness";
  std::string version;
  std::string startedAt;    // ISO 8601 UTC
  double seconds = 0;
  std::uint64_t seed = 0;
  std::string hostname;
  std::vector<ScenarioResult> scenarios;

  [[nodiscard]] std::size_t count(Status status) const;
};

}  // namespace oxh::runner
