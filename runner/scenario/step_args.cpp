// Checks step arguments against the step's ParamSpecs. Values holding a ${...} reference are
// only checked for shape here: their text is known when the step runs.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

#include "runner/scenario/load_context.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {
namespace {

bool hasReference(const YAML::Node& node) {
  return node.IsScalar() && !referencedVariables(node.Scalar()).empty();
}

bool isInt(const std::string& text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && !text.empty();
}

bool isBool(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text == "true" || text == "false" || text == "yes" || text == "no" || text == "on" || text == "off";
}

bool allScalars(const YAML::Node& list) {
  return std::all_of(list.begin(), list.end(), [](const YAML::Node& item) { return item.IsScalar(); });
}

// `owner` names the map in messages: "step 'imap.command'" or "'never' in step 'x'".
void checkFields(const std::vector<ParamSpec>& params, const YAML::Node& map, const std::string& owner,
                 const SourcePosition& mapWhere, const std::string& file, LoadContext& context);

bool shapeMatches(const ParamSpec& param, const YAML::Node& value) {
  const bool scalar = value.IsScalar();
  switch (param.type) {
    case ParamType::String:
      return scalar;
    case ParamType::Int:
      return scalar && (hasReference(value) || isInt(value.Scalar()));
    case ParamType::Bool:
      return scalar && (hasReference(value) || isBool(value.Scalar()));
    case ParamType::Duration:
      return scalar && (hasReference(value) || parseDuration(value.Scalar()).has_value());
    case ParamType::Map:
      return value.IsMap() || value.IsNull();
    case ParamType::List:
      return value.IsSequence() || value.IsNull();
    case ParamType::StringOrList:
      return scalar || (value.IsSequence() && allScalars(value));
    case ParamType::Any:
      return true;
  }
  return false;
}

void checkValue(const ParamSpec& param, const YAML::Node& value, const std::string& owner,
                const SourcePosition& fallback, const std::string& file, LoadContext& context) {
  const SourcePosition where = positionOf(value, file, fallback);
  if (!shapeMatches(param, value)) {
    context.fail("oxh.scenario.wrong-type",
                 "'" + param.name + "' must be " + describeParamType(param.type) + ", got " + describeNode(value),
                 where);
    return;
  }
  if (param.type != ParamType::Map) {
    return;
  }
  const std::string nestedOwner = "'" + param.name + "' in " + owner;
  if (!param.fields.empty()) {
    checkFields(param.fields, value, nestedOwner, where, file, context);
  }
  if (param.valueType && value.IsMap()) {
    for (const auto& entry : value) {
      const std::string key = keyName(entry.first);
      // `save:` keys become variable names, so they must be usable in ${...}.
      if (param.name == "save" && !isVariableName(key)) {
        context.fail("oxh.scenario.wrong-type",
                     "'" + key + "' is not a variable name (letters, digits, '_', '.', '-')",
                     positionOf(entry.first, file, where));
        continue;
      }
      checkValue(ParamSpec{key, *param.valueType, false, ""}, entry.second, nestedOwner,
                 positionOf(entry.first, file, where), file, context);
    }
  }
}

void checkFields(const std::vector<ParamSpec>& params, const YAML::Node& map, const std::string& owner,
                 const SourcePosition& mapWhere, const std::string& file, LoadContext& context) {
  std::vector<std::string> names;
  names.reserve(params.size());
  for (const auto& param : params) {
    names.push_back(param.name);
  }
  std::set<std::string> seen;
  if (map.IsMap()) {
    checkDuplicateKeys(map, file, context);
    for (const auto& entry : map) {
      const SourcePosition keyWhere = positionOf(entry.first, file, mapWhere);
      const std::string key = keyName(entry.first);
      const auto param = std::find_if(params.begin(), params.end(), [&](const ParamSpec& p) { return p.name == key; });
      if (param == params.end()) {
        context.fail("oxh.scenario.unknown-key",
                     "unknown key '" + key + "' for " + owner + didYouMean(key, names), keyWhere);
        continue;
      }
      seen.insert(key);
      checkValue(*param, entry.second, owner, keyWhere, file, context);
    }
  }
  for (const auto& param : params) {
    if (param.required && seen.count(param.name) == 0) {
      context.fail("oxh.scenario.missing-field", owner + " needs '" + param.name + "'", mapWhere);
    }
  }
}

}  // namespace

void checkStepArgs(const StepSpec& spec, const YAML::Node& args, const SourcePosition& stepWhere,
                   const std::string& file, LoadContext& context) {
  const std::string owner = "step '" + spec.name + "'";
  if (args.IsMap() || args.IsNull()) {
    checkFields(spec.params, args, owner, stepWhere, file, context);
    return;
  }
  const SourcePosition where = positionOf(args, file, stepWhere);
  const auto scalarParam = spec.scalarParam ? std::find_if(spec.params.begin(), spec.params.end(),
                                                           [&](const ParamSpec& p) { return p.name == *spec.scalarParam; })
                                            : spec.params.end();
  if (!args.IsScalar() || scalarParam == spec.params.end()) {
    context.fail("oxh.scenario.wrong-type", owner + " takes a map of arguments, got " + describeNode(args), where);
    return;
  }
  checkValue(*scalarParam, args, owner, where, file, context);
  for (const auto& param : spec.params) {
    if (param.required && param.name != *spec.scalarParam) {
      context.fail("oxh.scenario.missing-field", owner + " needs '" + param.name + "'", stepWhere);
    }
  }
}

}  // namespace oxh::runner
