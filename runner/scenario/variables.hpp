#pragma once
// Scenario variables and `${name}` interpolation.
//   ${name}   the value of a variable; names are [A-Za-z0-9_.-]+
//   $${       a literal "${" (so a scenario can send the text "${x}" verbatim)
//   ${env.X}  the process environment variable X (read at lookup time)
// Anything else that merely looks like a reference ("${a b}", an unclosed "${") is literal text.
// Thread: a Variables is a plain value; lookups of env.* read the process environment.
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/error.hpp"

namespace oxh::runner {

class Variables {
 public:
  Variables() = default;
  explicit Variables(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  // True when get() would return a value (explicit names first, then the env.* builtin).
  [[nodiscard]] bool has(const std::string& name) const { return get(name).has_value(); }
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const;
  // The explicitly set names, sorted: the candidates for "did you mean".
  [[nodiscard]] std::vector<std::string> names() const;
  [[nodiscard]] const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

// True for a non-empty run of [A-Za-z0-9_.-].
bool isVariableName(std::string_view name);

// `text` with every ${name} replaced. Throws OxhException `oxh.scenario.undefined-variable`
// ("undefined variable 'x' (did you mean 'y'?)") at `where` for a name `variables` lacks.
std::string interpolate(std::string_view text, const Variables& variables, const SourcePosition& where);

// A deep copy of `node` with every scalar (map keys included) interpolated. Errors point at the
// offending scalar when it has a mark (file taken from `where`), else at `where`. The copy
// carries no marks: yaml-cpp offers no way to set one.
YAML::Node interpolateNode(const YAML::Node& node, const Variables& variables, const SourcePosition& where);

// The names referenced by ${...} in `text`, in order of appearance, repeats kept.
std::vector<std::string> referencedVariables(std::string_view text);

}  // namespace oxh::runner
