#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {

SourcePosition positionOf(const YAML::Mark& mark, const std::string& file) {
  return SourcePosition{file, mark.line + 1, mark.column + 1};
}

SourcePosition positionOf(const YAML::Node& node, const std::string& file, const SourcePosition& fallback) {
  // A null value written as nothing (`key:`) is marked at whatever token follows it, often on
  // the next line; its key (the fallback callers pass) is where the reader should look.
  if (!node.IsDefined() || (node.IsNull() && !fallback.file.empty())) {
    return fallback;
  }
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) {
    return fallback;
  }
  return positionOf(mark, file);
}

std::string keyName(const YAML::Node& key) { return key.IsScalar() ? key.Scalar() : describeNode(key); }

std::string describeNode(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

}  // namespace oxh::runner
