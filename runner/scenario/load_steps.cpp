// The `steps:` list: one single-key map per step, `include:` fragments spliced in place.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runner/scenario/load_context.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {
namespace {

constexpr const char* kInclude = "include";

std::string canonicalKey(const std::string& path) {
  std::error_code ignored;
  const auto canonical = std::filesystem::weakly_canonical(path, ignored);
  return canonical.empty() ? std::filesystem::path(path).lexically_normal().generic_string() : canonical.generic_string();
}

std::optional<std::string> readFile(const std::string& path) {
  std::error_code code;
  if (!std::filesystem::is_regular_file(path, code)) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void includeFragment(const YAML::Node& value, const SourcePosition& stepWhere, const std::string& file,
                     LoadContext& context, std::vector<Step>& out) {
  const SourcePosition where = positionOf(value, file, stepWhere);
  if (!value.IsScalar() || value.Scalar().empty()) {
    context.fail("oxh.scenario.wrong-type", "'include' must be the path of a fragment file, got " + describeNode(value),
                 where);
    return;
  }
  // Relative to the including file, so a fragment can be shared by scenarios in any folder.
  const std::filesystem::path target(value.Scalar());
  const std::string path = (target.is_absolute() ? target : std::filesystem::path(file).parent_path() / target)
                               .lexically_normal()
                               .generic_string();
  const std::string key = canonicalKey(path);
  auto& stack = context.includeStack();
  if (std::find(stack.begin(), stack.end(), key) != stack.end()) {
    context.fail("oxh.scenario.include-cycle", "include cycle: '" + path + "' is already being included", where);
    return;
  }
  const auto text = readFile(path);
  if (!text) {
    context.fail("oxh.scenario.include-missing", "cannot read fragment '" + path + "'", where);
    return;
  }
  YAML::Node fragment;
  try {
    fragment = YAML::Load(*text);
  } catch (const YAML::ParserException& exception) {
    context.fail("oxh.scenario.yaml", exception.msg, positionOf(exception.mark, path));
    return;
  }
  if (fragment.IsNull()) {
    return;  // an empty fragment adds nothing
  }
  if (!fragment.IsSequence()) {
    context.fail("oxh.scenario.not-a-fragment",
                 "a fragment is a list of steps, got " + describeNode(fragment) + " (included from " +
                     where.describe() + ")",
                 positionOf(fragment, path, SourcePosition{path, 1, 1}));
    return;
  }
  stack.push_back(key);
  loadSteps(fragment, path, context, out);
  stack.pop_back();
}

std::string keyList(const YAML::Node& map) {
  std::string out;
  for (const auto& entry : map) {
    out += (out.empty() ? "'" : ", '") + (entry.first.IsScalar() ? entry.first.Scalar() : std::string("?")) + "'";
  }
  return out;
}

}  // namespace

void loadSteps(const YAML::Node& list, const std::string& file, LoadContext& context, std::vector<Step>& out) {
  if (context.includeStack().empty()) {
    context.includeStack().push_back(canonicalKey(file));
  }
  for (const auto& item : list) {
    const SourcePosition itemWhere = positionOf(item, file);
    if (!item.IsMap() || item.size() != 1) {
      std::string message = "a step is a map with one key, the step name (like '- imap.command: {...}'), got ";
      if (item.IsMap() && item.size() == 0) {
        message += "an empty map";
      } else if (item.IsMap()) {
        message += "the keys " + keyList(item) + " (are the arguments indented under the step name?)";
      } else {
        message += describeNode(item);
      }
      context.fail("oxh.scenario.bad-step", message, itemWhere);
      continue;
    }
    const auto entry = *item.begin();
    const SourcePosition where = positionOf(entry.first, file, itemWhere);
    if (!entry.first.IsScalar()) {
      context.fail("oxh.scenario.bad-step", "a step name must be a string, got " + describeNode(entry.first), where);
      continue;
    }
    const std::string name = entry.first.Scalar();
    if (name == kInclude) {
      includeFragment(entry.second, where, file, context, out);
      continue;
    }
    const StepSpec* spec = context.registry().find(name);
    if (spec == nullptr) {
      auto candidates = context.registry().names();
      candidates.emplace_back(kInclude);
      context.fail("oxh.scenario.unknown-step", "unknown step '" + name + "'" + didYouMean(name, candidates), where);
      continue;
    }
    checkStepArgs(*spec, entry.second, where, file, context);
    Step step;
    step.kind = name;
    step.args = entry.second;
    step.where = where;
    step.index = out.size();
    out.push_back(std::move(step));
  }
}

}  // namespace oxh::runner
