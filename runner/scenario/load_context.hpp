#pragma once
// Internal to the loader: the state one file's load shares between its parts, and the
// functions each part provides. Not for use outside runner/scenario.
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "runner/scenario/loader.hpp"
#include "runner/scenario/model.hpp"
#include "runner/scenario/schema.hpp"
#include "runner/scenario/variables.hpp"

namespace oxh::runner {

class LoadContext {
 public:
  LoadContext(std::string file, const StepRegistry& registry, const LoadOptions& options)
      : file_(std::move(file)), registry_(registry), options_(options) {}

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const StepRegistry& registry() const { return registry_; }
  [[nodiscard]] const LoadOptions& options() const { return options_; }

  // Records an error. Identical errors are kept once: matrix cells re-check the same nodes.
  void fail(const std::string& id, const std::string& message, const SourcePosition& where);
  [[nodiscard]] std::vector<Error>& errors() { return errors_; }

  // Canonical paths of the files being included, outermost first, to detect cycles.
  std::vector<std::string>& includeStack() { return includeStack_; }

 private:
  std::string file_;
  const StepRegistry& registry_;
  const LoadOptions& options_;
  std::vector<Error> errors_;
  std::vector<std::string> includeStack_;
};

// Interpolates a scalar with static variables; on an undefined name records the error and
// returns nullopt. A non-scalar records `oxh.scenario.wrong-type` for `what`.
std::optional<std::string> staticScalar(const YAML::Node& node, const std::string& what, const Variables& variables,
                                        const std::string& file, LoadContext& context);

// staticScalar, or for a list each item's value joined by single spaces (topology options such
// as dovecot capabilities, proxy tls_hosts).
std::optional<std::string> scalarOrJoinedList(const YAML::Node& value, const std::string& key,
                                              const Variables& variables, LoadContext& context);

// Records `oxh.scenario.duplicate-key` for every repeated scalar key of a map (yaml-cpp keeps both).
void checkDuplicateKeys(const YAML::Node& map, const std::string& file, LoadContext& context);

// The flattened steps of `list` (includes spliced). Positions use `file`.
void loadSteps(const YAML::Node& list, const std::string& file, LoadContext& context, std::vector<Step>& out);

// Checks a step's arguments against its spec.
void checkStepArgs(const StepSpec& spec, const YAML::Node& args, const SourcePosition& stepWhere,
                   const std::string& file, LoadContext& context);

// Every ${name} in step arguments must be static, builtin, or defined by an earlier step.
void checkStepVariables(const std::vector<Step>& steps, std::set<std::string> defined, LoadContext& context);

std::map<std::string, ComponentTopology> loadTopology(const YAML::Node& node, const Variables& variables,
                                                      LoadContext& context);

// `topology.proxies`: adds "proxies.NAME" entries (load_proxies.cpp).
void loadProxies(const YAML::Node& node, const SourcePosition& where, const Variables& variables,
                 LoadContext& context, std::map<std::string, ComponentTopology>& topology);

std::vector<User> loadUsers(const YAML::Node& node, const Variables& variables, LoadContext& context);

struct MatrixAxis {
  std::string name;
  std::vector<std::string> values;
};

std::vector<MatrixAxis> loadMatrixAxes(const YAML::Node& node, LoadContext& context);

// The cartesian product, first axis varying slowest; one empty cell when there are no axes.
std::vector<std::map<std::string, std::string>> matrixCells(const std::vector<MatrixAxis>& axes);

}  // namespace oxh::runner
