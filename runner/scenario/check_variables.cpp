// The static half of variable checking: a ${name} in step arguments that nothing could ever
// define is a typo, and is better reported at load time than halfway through a run.
#include <array>
#include <string_view>

#include "runner/scenario/load_context.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {
namespace {

// Namespaces the engine fills at run time (users.alice.password, token.alice, ...).
constexpr std::array<std::string_view, 6> kBuiltinPrefixes = {"env.", "users.", "topology.", "scenario.", "token.", "run."};

bool isBuiltin(const std::string& name) {
  for (const auto prefix : kBuiltinPrefixes) {
    if (name.size() > prefix.size() && name.starts_with(prefix)) {
      return true;
    }
  }
  return false;
}

void checkNode(const YAML::Node& node, const std::set<std::string>& defined, const SourcePosition& stepWhere,
               LoadContext& context) {
  if (node.IsScalar()) {
    for (const auto& name : referencedVariables(node.Scalar())) {
      if (defined.count(name) == 0 && !isBuiltin(name)) {
        const std::vector<std::string> candidates(defined.begin(), defined.end());
        context.fail("oxh.scenario.undefined-variable", "undefined variable '" + name + "'" + didYouMean(name, candidates),
                     positionOf(node, stepWhere.file, stepWhere));
      }
    }
    return;
  }
  if (node.IsMap()) {
    for (const auto& entry : node) {
      checkNode(entry.first, defined, stepWhere, context);
      checkNode(entry.second, defined, stepWhere, context);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      checkNode(item, defined, stepWhere, context);
    }
  }
}

std::vector<std::string> definedBy(const Step& step, const StepSpec* spec) {
  if (spec != nullptr && spec->definedVariables) {
    return spec->definedVariables(step.args);
  }
  std::vector<std::string> out;
  if (step.args.IsMap()) {
    const YAML::Node save = step.args["save"];
    if (save.IsDefined() && save.IsMap()) {
      for (const auto& entry : save) {
        if (entry.first.IsScalar()) {
          out.push_back(entry.first.Scalar());
        }
      }
    }
  }
  return out;
}

}  // namespace

void checkStepVariables(const std::vector<Step>& steps, std::set<std::string> defined, LoadContext& context) {
  for (const auto& step : steps) {
    checkNode(step.args, defined, step.where, context);
    for (auto& name : definedBy(step, context.registry().find(step.kind))) {
      defined.insert(std::move(name));
    }
  }
}

}  // namespace oxh::runner
