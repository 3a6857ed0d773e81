// One scenario file: its YAML documents, each a scenario (or several, with a matrix).
#include "runner/scenario/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runner/scenario/load_context.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {
namespace {

const std::vector<std::string> kScenarioKeys = {"name",  "description", "tags",   "requires", "topology", "users",
                                                "vars",  "matrix",      "steps",  "timeout",  "unexpected"};

// The parts of a document that do not depend on the matrix cell.
struct DocumentParts {
  Scenario base;
  YAML::Node vars;
  YAML::Node topology;
  YAML::Node users;
  std::vector<MatrixAxis> axes;
};

std::vector<std::string> stringList(const YAML::Node& node, const std::string& key, LoadContext& context) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());  // `tags: push` is read as `tags: [push]`
    return out;
  }
  if (node.IsSequence()) {
    for (const auto& item : node) {
      if (item.IsScalar()) {
        out.push_back(item.Scalar());
      } else {
        context.fail("oxh.scenario.wrong-type", "'" + key + "' must be a list of strings, got " + describeNode(item),
                     positionOf(item, context.file()));
      }
    }
    return out;
  }
  if (!node.IsNull()) {
    context.fail("oxh.scenario.wrong-type", "'" + key + "' must be a list of strings, got " + describeNode(node),
                 positionOf(node, context.file()));
  }
  return out;
}

std::optional<std::string> plainScalar(const YAML::Node& node, const std::string& key, LoadContext& context) {
  if (!node.IsScalar()) {
    context.fail("oxh.scenario.wrong-type", "'" + key + "' must be a string, got " + describeNode(node),
                 positionOf(node, context.file()));
    return std::nullopt;
  }
  return node.Scalar();
}

void loadKey(const std::string& key, const YAML::Node& value, DocumentParts& parts, LoadContext& context) {
  Scenario& scenario = parts.base;
  if (key == "name") {
    scenario.name = plainScalar(value, key, context).value_or("");
  } else if (key == "description") {
    scenario.description = plainScalar(value, key, context).value_or("");
  } else if (key == "tags") {
    scenario.tags = stringList(value, key, context);
  } else if (key == "requires") {
    scenario.requiredCapabilities = stringList(value, key, context);
  } else if (key == "topology") {
    parts.topology = value;
  } else if (key == "users") {
    parts.users = value;
  } else if (key == "vars") {
    parts.vars = value;
  } else if (key == "matrix") {
    parts.axes = loadMatrixAxes(value, context);
  } else if (key == "steps") {
    if (value.IsSequence()) {
      loadSteps(value, context.file(), context, scenario.steps);
    } else {
      context.fail("oxh.scenario.wrong-type", "'steps' must be a list of steps, got " + describeNode(value),
                   positionOf(value, context.file()));
    }
  } else if (key == "timeout") {
    const auto duration = value.IsScalar() ? parseDuration(value.Scalar()) : std::nullopt;
    if (duration) {
      scenario.timeout = duration;
    } else {
      context.fail("oxh.scenario.wrong-type",
                   "'timeout' must be " + describeParamType(ParamType::Duration) + ", got " + describeNode(value),
                   positionOf(value, context.file()));
    }
  } else if (key == "unexpected") {
    if (value.IsScalar() && (value.Scalar() == "fail" || value.Scalar() == "report")) {
      scenario.strictUnexpected = value.Scalar() == "fail";
    } else {
      context.fail("oxh.scenario.wrong-type", "'unexpected' must be 'fail' or 'report', got " + describeNode(value),
                   positionOf(value, context.file()));
    }
  }
}

// vars < matrix cell < --var. `vars:` values may use env.*, the cell, --var and earlier vars.
Variables staticVariables(const YAML::Node& vars, const std::map<std::string, std::string>& cell,
                          LoadContext& context) {
  Variables variables(cell);
  for (const auto& [name, value] : context.options().cliVars) {
    variables.set(name, value);
  }
  if (!vars.IsDefined() || vars.IsNull()) {
    return variables;
  }
  if (!vars.IsMap()) {
    context.fail("oxh.scenario.wrong-type", "'vars' must be a map of name -> value, got " + describeNode(vars),
                 positionOf(vars, context.file()));
    return variables;
  }
  checkDuplicateKeys(vars, context.file(), context);
  for (const auto& entry : vars) {
    const std::string name = keyName(entry.first);
    if (!isVariableName(name)) {
      context.fail("oxh.scenario.wrong-type", "'" + name + "' is not a variable name (letters, digits, '_', '.', '-')",
                   positionOf(entry.first, context.file()));
      continue;
    }
    if (cell.count(name) != 0 || context.options().cliVars.count(name) != 0) {
      continue;
    }
    if (const auto value = staticScalar(entry.second, name, variables, context.file(), context)) {
      variables.set(name, *value);
    }
  }
  return variables;
}

std::vector<Scenario> expandCells(const DocumentParts& parts, LoadContext& context) {
  std::vector<Scenario> out;
  for (const auto& cell : matrixCells(parts.axes)) {
    const Variables variables = staticVariables(parts.vars, cell, context);
    Scenario scenario = parts.base;
    scenario.matrixCell = cell;
    scenario.vars = variables.values();
    scenario.topology = loadTopology(parts.topology, variables, context);
    scenario.users = loadUsers(parts.users, variables, context);
    out.push_back(std::move(scenario));
  }
  return out;
}

std::set<std::string> staticNames(const DocumentParts& parts, LoadContext& context) {
  std::set<std::string> names;
  if (parts.vars.IsMap()) {
    for (const auto& entry : parts.vars) {
      names.insert(entry.first.Scalar());
    }
  }
  for (const auto& axis : parts.axes) {
    names.insert(axis.name);
  }
  for (const auto& entry : context.options().cliVars) {
    names.insert(entry.first);
  }
  return names;
}

std::vector<Scenario> loadDocument(const YAML::Node& document, LoadContext& context) {
  const SourcePosition where = positionOf(document, context.file(), SourcePosition{context.file(), 1, 1});
  if (!document.IsMap()) {
    context.fail("oxh.scenario.not-a-scenario",
                 "a scenario is a map with at least 'name' and 'steps', got " + describeNode(document) +
                     (document.IsSequence() ? " (a list of steps is a fragment: put it under fragments/ or name it _*.yaml)"
                                            : ""),
                 where);
    return {};
  }
  checkDuplicateKeys(document, context.file(), context);
  DocumentParts parts;
  parts.base.file = context.file();
  parts.base.where = where;
  for (const auto& entry : document) {
    const std::string key = keyName(entry.first);
    if (std::find(kScenarioKeys.begin(), kScenarioKeys.end(), key) == kScenarioKeys.end()) {
      context.fail("oxh.scenario.unknown-key", "unknown key '" + key + "' in scenario" + didYouMean(key, kScenarioKeys),
                   positionOf(entry.first, context.file(), where));
      continue;
    }
    loadKey(key, entry.second, parts, context);
  }
  for (const char* required : {"name", "steps"}) {
    if (!document[required].IsDefined()) {
      context.fail("oxh.scenario.missing-field", std::string("scenario needs '") + required + "'", where);
    }
  }
  checkStepVariables(parts.base.steps, staticNames(parts, context), context);
  return expandCells(parts, context);
}

}  // namespace

LoadResult loadScenarioText(const std::string& text, const std::string& path, const StepRegistry& registry,
                            const LoadOptions& options) {
  LoadContext context(path, registry, options);
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::ParserException& exception) {
    context.fail("oxh.scenario.yaml", exception.msg, positionOf(exception.mark, path));
    return LoadResult{{}, std::move(context.errors())};
  }
  LoadResult result;
  std::map<std::string, SourcePosition> names;
  for (const auto& document : documents) {
    if (document.IsNull()) {
      continue;  // an empty document, e.g. after a trailing `---`
    }
    std::vector<Scenario> scenarios;
    try {
      scenarios = loadDocument(document, context);
    } catch (const YAML::Exception& exception) {
      // A shape no check above foresaw: report it against the document rather than crash the run.
      context.fail("oxh.scenario.yaml", exception.msg,
                   exception.mark.is_null() ? positionOf(document, path) : positionOf(exception.mark, path));
      continue;
    }
    if (!scenarios.empty() && !scenarios.front().name.empty()) {
      const auto& first = scenarios.front();
      const auto [existing, inserted] = names.emplace(first.name, first.where);
      if (!inserted) {
        context.fail("oxh.scenario.duplicate-name",
                     "scenario name '" + first.name + "' is already used at " + existing->second.describe(),
                     positionOf(document["name"], path, first.where));
      }
    }
    for (auto& scenario : scenarios) {
      result.scenarios.push_back(std::move(scenario));
    }
  }
  result.errors = std::move(context.errors());
  if (!result.errors.empty()) {
    result.scenarios.clear();
  }
  return result;
}

LoadResult loadScenarioFile(const std::string& path, const StepRegistry& registry, const LoadOptions& options) {
  std::error_code code;
  std::ifstream in;
  if (std::filesystem::is_regular_file(path, code)) {
    in.open(path, std::ios::binary);
  }
  if (!in.is_open()) {
    return LoadResult{{}, {Error("oxh.scenario.unreadable", "cannot read scenario file '" + path + "'",
                                 SourcePosition{path, 0, 0})}};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return loadScenarioText(text.str(), path, registry, options);
}

}  // namespace oxh::runner
