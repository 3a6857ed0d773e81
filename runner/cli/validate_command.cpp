#include <iostream>

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

int listCommand(const SelectionOptions& options, bool steps) {
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
