#include <iostream>

#include <nlohmann/json.hpp>

#include "runner/cli/commands.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner::cli {

int validateCommand(const SelectionOptions& options) {
  const auto registry = allSteps();
  std::vector<Scenario> scenarios;
  std::size_t files = 0;
  if (!loadSelection(options, registry, scenarios, files)) {
    return kExitUsage;
  }
  std::cout << "ok: " << scenarios.size() << " scenario(s) in " << files << " file(s)\n";
  return kExitPassed;
}

int listCommand(const SelectionOptions& options, bool steps, bool json) {
  const auto registry = allSteps();
  if (steps) {
    for (const auto& [name, spec] : registry.all()) {
      std::cout << name << "  " << spec.help << "\n";
      for (const auto& param : spec.params) {
        std::cout << "    " << param.name << (param.required ? " (required)" : "") << "  " << param.help << "\n";
      }
    }
    return kExitPassed;
  }
  std::vector<Scenario> scenarios;
  std::size_t files = 0;
  if (!loadSelection(options, registry, scenarios, files)) {
    return kExitUsage;
  }
  if (json) {
    // One object per scenario, for tools (the pytest plugin) that must not parse the text form.
    auto list = nlohmann::json::array();
    for (const auto& scenario : scenarios) {
      list.push_back({{"file", scenario.file},
                      {"line", scenario.where.line},
                      {"column", scenario.where.column},
                      {"name", scenario.displayName()},
                      {"id", scenario.file + " " + scenario.displayName()},
                      {"tags", scenario.tags}});
    }
    std::cout << list.dump(2) << "\n";
    return kExitPassed;
  }
  for (const auto& scenario : scenarios) {
    std::string tags;
    for (const auto& tag : scenario.tags) {
      tags += (tags.empty() ? " [" : ",") + tag;
    }
    std::cout << scenario.where.describe() << "  " << scenario.displayName() << (tags.empty() ? "" : tags + "]") << "\n";
  }
  return kExitPassed;
}

}  // namespace oxh::runner::cli
