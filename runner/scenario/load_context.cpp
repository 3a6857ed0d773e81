#include "runner/scenario/load_context.hpp"

#include <algorithm>

#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {

void LoadContext::fail(const std::string& id, const std::string& message, const SourcePosition& where) {
  Error error(id, message, where);
  const std::string described = error.describe();
  const bool seen = std::any_of(errors_.begin(), errors_.end(),
                                [&](const Error& existing) { return existing.describe() == described; });
  if (!seen) {
    errors_.push_back(std::move(error));
  }
}

std::optional<std::string> staticScalar(const YAML::Node& node, const std::string& what, const Variables& variables,
                                        const std::string& file, LoadContext& context) {
  const SourcePosition where = positionOf(node, file);
  if (!node.IsScalar()) {
    context.fail("oxh.scenario.wrong-type", "'" + what + "' must be a string, got " + describeNode(node), where);
    return std::nullopt;
  }
  try {
    return interpolate(node.Scalar(), variables, where);
  } catch (const OxhException& exception) {
    context.fail(exception.error().id(), exception.error().message(), where);
    return std::nullopt;
  }
}

void checkDuplicateKeys(const YAML::Node& map, const std::string& file, LoadContext& context) {
  std::set<std::string> seen;
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && !seen.insert(entry.first.Scalar()).second) {
      context.fail("oxh.scenario.duplicate-key", "duplicate key '" + entry.first.Scalar() + "'",
                   positionOf(entry.first, file));
    }
  }
}

std::optional<std::string> scalarOrJoinedList(const YAML::Node& value, const std::string& key,
                                              const Variables& variables, LoadContext& context) {
  if (!value.IsSequence()) {
    return staticScalar(value, key, variables, context.file(), context);
  }
  std::string joined;
  for (const auto& item : value) {
    const auto text = staticScalar(item, key, variables, context.file(), context);
    if (!text) {
      return std::nullopt;
    }
    joined += (joined.empty() ? "" : " ") + *text;
  }
  return joined;
}

}  // namespace oxh::runner
