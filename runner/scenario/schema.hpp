#pragma once
// The closed schema of scenario steps. Every step family registers a StepSpec (its name,
// its parameters and how to run it); the loader rejects any step or key not declared here,
// with a "did you mean" suggestion.
// Thread: a StepRegistry is filled once at start-up and read-only afterwards.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runner/scenario/model.hpp"

namespace oxh::runner {

class StepContext;  // runner/engine/step_context.hpp

enum class ParamType {
  String,        // scalar, taken as text
  Int,           // scalar that parses as an integer (or a ${var})
  Bool,          // true/false/yes/no
  Duration,      // "2s", "500ms" (see duration.hpp)
  Map,           // mapping, contents checked by the step at run time
  List,          // sequence
  StringOrList,  // one scalar or a sequence of scalars
  Any,           // anything
};

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::String;
  bool required = false;
  std::string help;
  // For Map: when not empty, the closed set of keys the map may hold, checked like step keys
  // (`never: {during: 1s}`). Defaulted so positional initialisers of the fields above still compile.
  std::vector<ParamSpec> fields = {};
  // For Map: when set, the type every value must have (`save:` maps names to String paths).
  std::optional<ParamType> valueType = std::nullopt;
};

struct StepSpec {
  std::string name;   // "imap.command"
  std::string help;   // one line for `oxharness list --steps`
  std::vector<ParamSpec> params;
  // When set, the step may be written with a scalar instead of a mapping
  // (`- imap.send: "a1 NOOP"`); the scalar is bound to this parameter.
  std::optional<std::string> scalarParam;
  // Variables this step defines for later steps, given its args. When unset, the keys of
  // a `save:` mapping are the defined names.
  std::function<std::vector<std::string>(const YAML::Node& args)> definedVariables;
  // Runs the step; throws StepFailure (engine) or OxhException to fail it.
  std::function<void(StepContext& context, const Step& step)> run;
};

// Parameters every expectation step shares: within, never, exactly, save.
std::vector<ParamSpec> expectationParams();

class StepRegistry {
 public:
  void add(StepSpec spec);
  [[nodiscard]] const StepSpec* find(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> names() const;
  [[nodiscard]] const std::map<std::string, StepSpec>& all() const { return specs_; }

 private:
  std::map<std::string, StepSpec> specs_;
};

// The closest candidate by edit distance, if it is close enough to be a likely typo
// (distance <= max(2, word length / 3)). Ties go to the earlier candidate.
std::optional<std::string> suggestClosest(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" when suggestClosest finds one, else "": the tail of unknown-name messages.
std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates);

// Human text for a type in error messages: "a duration like 2s or 500ms", "an integer", ...
std::string describeParamType(ParamType type);

}  // namespace oxh::runner
