#include "runner/scenario/variables.hpp"

#include <cstdlib>
#include <functional>

#include "runner/scenario/schema.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {
namespace {

constexpr std::string_view kEnvPrefix = "env.";

bool isNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// One pass over `text` shared by interpolate() and referencedVariables(), so both agree on
// what counts as a reference.
void scan(std::string_view text, const std::function<void(std::string_view)>& onLiteral,
          const std::function<void(std::string_view)>& onReference) {
  std::size_t literalStart = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, 3) == "$${") {
      onLiteral(text.substr(literalStart, i - literalStart));
      onLiteral("${");
      i += 3;
      literalStart = i;
      continue;
    }
    if (text.substr(i, 2) == "${") {
      const std::size_t close = text.find('}', i + 2);
      if (close != std::string_view::npos && isVariableName(text.substr(i + 2, close - i - 2))) {
        onLiteral(text.substr(literalStart, i - literalStart));
        onReference(text.substr(i + 2, close - i - 2));
        i = close + 1;
        literalStart = i;
        continue;
      }
    }
    ++i;
  }
  onLiteral(text.substr(literalStart));
}

}  // namespace

std::optional<std::string> Variables::get(const std::string& name) const {
  const auto found = values_.find(name);
  if (found != values_.end()) {
    return found->second;
  }
  if (name.size() > kEnvPrefix.size() && name.starts_with(kEnvPrefix)) {
    if (const char* value = std::getenv(name.c_str() + kEnvPrefix.size())) {
      return std::string(value);
    }
  }
  return std::nullopt;
}

std::vector<std::string> Variables::names() const {
  std::vector<std::string> out;
  out.reserve(values_.size());
  for (const auto& entry : values_) {
    out.push_back(entry.first);
  }
  return out;
}

bool isVariableName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (const char c : name) {
    if (!isNameChar(c)) {
      return false;
    }
  }
  return true;
}

std::string interpolate(std::string_view text, const Variables& variables, const SourcePosition& where) {
  std::string out;
  out.reserve(text.size());
  scan(
      text, [&](std::string_view literal) { out += literal; },
      [&](std::string_view reference) {
        const std::string name(reference);
        const auto value = variables.get(name);
        if (!value) {
          throw OxhException(Error("oxh.scenario.undefined-variable",
                                   "undefined variable '" + name + "'" + didYouMean(name, variables.names()), where));
        }
        out += *value;
      });
  return out;
}

YAML::Node interpolateNode(const YAML::Node& node, const Variables& variables, const SourcePosition& where) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      const SourcePosition at = positionOf(node, where.file, where);
      YAML::Node out(interpolate(node.Scalar(), variables, at));
      // Keep the tag: a quoted scalar ("!") stays a string when steps turn YAML into JSON.
      out.SetTag(node.Tag());
      return out;
    }
    case YAML::NodeType::Sequence: {
      YAML::Node out(YAML::NodeType::Sequence);
      for (const auto& item : node) {
        out.push_back(interpolateNode(item, variables, where));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      YAML::Node out(YAML::NodeType::Map);
      for (const auto& entry : node) {
        // Scalar keys go in as strings: yaml-cpp compares Node keys by identity, which would
        // make later lookups by name fail.
        YAML::Node value = interpolateNode(entry.second, variables, where);
        if (entry.first.IsScalar()) {
          out[interpolate(entry.first.Scalar(), variables, positionOf(entry.first, where.file, where))] = value;
        } else {
          out[interpolateNode(entry.first, variables, where)] = value;
        }
      }
      return out;
    }
    case YAML::NodeType::Null:
      return YAML::Node(YAML::NodeType::Null);
    case YAML::NodeType::Undefined:
      break;
  }
  return YAML::Node();
}

std::vector<std::string> referencedVariables(std::string_view text) {
  std::vector<std::string> out;
  scan(
      text, [](std::string_view) {}, [&](std::string_view reference) { out.emplace_back(reference); });
  return out;
}

}  // namespace oxh::runner
