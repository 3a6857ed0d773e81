#include <algorithm>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>

#include "runner/cli/commands.hpp"

namespace oxh::runner::cli {

void addSelectionOptions(CLI::App& command, SelectionOptions& options) {
  command.add_option("paths", options.paths, "scenario files or directories (default: scenarios)");
  command.add_option("--var", options.vars, "set a variable: name=value (repeatable)");
  command.add_option("--filter", options.filter, "only scenarios whose 'file name' matches this regex");
  command.add_option("--tags", options.tags, "only scenarios with any of these tags; !tag excludes");
  command.add_option("--shard", options.shard, "K/N: run the K-th of N deterministic shards");
  command.add_option("--fake", options.fakes,
                     "run this component as the embedded fake even where the topology names a real build "
                     "(repeatable: dovecot)");
}

namespace {

std::vector<std::string> splitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) {
      out.push_back(part);
    }
  }
  return out;
}

bool tagsMatch(const Scenario& scenario, const std::string& tags) {
  bool wantedAny = false;
  bool hasWanted = false;
  for (const auto& tag : splitCommas(tags)) {
    const bool exclude = tag[0] == '!';
    const std::string name = exclude ? tag.substr(1) : tag;
    const bool has = std::find(scenario.tags.begin(), scenario.tags.end(), name) != scenario.tags.end();
    if (exclude && has) {
      return false;
    }
    if (!exclude) {
      wantedAny = true;
      hasWanted = hasWanted || has;
    }
  }
  return !wantedAny || hasWanted;
}

}  // namespace

bool loadSelection(const SelectionOptions& options, const StepRegistry& registry, std::vector<Scenario>& out,
                   std::size_t& fileCount) {
  bool ok = true;
  auto usage = [&](const std::string& id, const std::string& message) {
    std::cerr << Error(id, message).describe() << "\n";
    ok = false;
  };
  LoadOptions load;
  for (const auto& assignment : options.vars) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      usage("oxh.cli.bad-var", "--var wants name=value, got '" + assignment + "'");
      continue;
    }
    load.cliVars[assignment.substr(0, equals)] = assignment.substr(equals + 1);
  }
  std::optional<std::regex> filter;
  if (!options.filter.empty()) {
    try {
      filter.emplace(options.filter);
    } catch (const std::regex_error& error) {
      usage("oxh.cli.bad-filter", "--filter is not a valid regular expression: " + std::string(error.what()));
    }
  }
  unsigned shardIndex = 1;
  unsigned shardCount = 1;
  if (!options.shard.empty()) {
    char slash = 0;
    std::istringstream in(options.shard);
    if (!(in >> shardIndex >> slash >> shardCount) || slash != '/' || shardCount == 0 || shardIndex == 0 ||
        shardIndex > shardCount || !in.eof()) {
      usage("oxh.cli.bad-shard", "--shard wants K/N with 1 <= K <= N, got '" + options.shard + "'");
    }
  }
  std::vector<Error> errors;
  const auto files = discoverScenarioFiles(options.paths.empty() ? std::vector<std::string>{"scenarios"} : options.paths, errors);
  fileCount = files.size();
  std::vector<Scenario> loaded;
  for (const auto& file : files) {
    auto result = loadScenarioFile(file, registry, load);
    for (auto& error : result.errors) {
      errors.push_back(std::move(error));
    }
    for (auto& scenario : result.scenarios) {
      loaded.push_back(std::move(scenario));
    }
  }
  for (const auto& error : errors) {
    std::cerr << error.describe() << "\n";
  }
  if (!errors.empty() || !ok) {
    return false;
  }
  for (const auto& component : options.fakes) {
    if (component != "dovecot") {
      usage("oxh.cli.bad-fake", "--fake knows only 'dovecot' so far, got '" + component + "'");
      return false;
    }
  }
  std::set<std::string> seen;
  std::vector<Scenario> selected;
  for (auto& scenario : loaded) {
    const auto id = scenario.file + " " + scenario.displayName();
    if (!seen.insert(id).second) {
      std::cerr << Error("oxh.scenario.duplicate-name", "scenario '" + scenario.displayName() + "' appears twice",
                         scenario.where).describe() << "\n";
      return false;
    }
    for (const auto& component : options.fakes) {
      auto& topology = scenario.topology[component];
      topology.fake = true;
      topology.endpoints.clear();
    }
    if (filter && !std::regex_search(id, *filter)) {
      continue;
    }
    if (!options.tags.empty() && !tagsMatch(scenario, options.tags)) {
      continue;
    }
    selected.push_back(std::move(scenario));
  }
  // Shards: a stable order (file, then name) dealt round-robin, so every shard's share is
  // fixed by the set of scenarios alone.
  std::stable_sort(selected.begin(), selected.end(), [](const Scenario& a, const Scenario& b) {
    return std::tie(a.file, a.name) < std::tie(b.file, b.name);
  });
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (i % shardCount == shardIndex - 1) {
      out.push_back(std::move(selected[i]));
    }
  }
  return true;
}

}  // namespace oxh::runner::cli
