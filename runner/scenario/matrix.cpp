// `matrix:` — one scenario per combination of values, so a flow is written once and run
// for every flagging mode or platform.
#include "runner/scenario/load_context.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {

std::vector<MatrixAxis> loadMatrixAxes(const YAML::Node& node, LoadContext& context) {
  std::vector<MatrixAxis> axes;
  if (!node.IsDefined() || node.IsNull()) {
    return axes;
  }
  if (!node.IsMap()) {
    context.fail("oxh.scenario.wrong-type", "'matrix' must be a map of name -> list of values, got " + describeNode(node),
                 positionOf(node, context.file()));
    return axes;
  }
  checkDuplicateKeys(node, context.file(), context);
  for (const auto& entry : node) {
    const std::string name = keyName(entry.first);
    const SourcePosition where = positionOf(entry.first, context.file());
    if (!isVariableName(name)) {
      context.fail("oxh.scenario.wrong-type",
                   "matrix key '" + name + "' is not a variable name (letters, digits, '_', '.', '-')", where);
      continue;
    }
    const YAML::Node& values = entry.second;
    if (!values.IsSequence() || values.size() == 0) {
      context.fail("oxh.scenario.wrong-type",
                   "'matrix." + name + "' must be a non-empty list of values, got " + describeNode(values),
                   positionOf(values, context.file(), where));
      continue;
    }
    MatrixAxis axis{name, {}};
    for (const auto& value : values) {
      if (!value.IsScalar()) {
        context.fail("oxh.scenario.wrong-type", "values of 'matrix." + name + "' must be scalars, got " + describeNode(value),
                     positionOf(value, context.file(), where));
        continue;
      }
      axis.values.push_back(value.Scalar());
    }
    axes.push_back(std::move(axis));
  }
  return axes;
}

std::vector<std::map<std::string, std::string>> matrixCells(const std::vector<MatrixAxis>& axes) {
  std::vector<std::map<std::string, std::string>> cells{{}};
  // Extending every cell by each value of the next axis makes the first axis vary slowest.
  for (const auto& axis : axes) {
    std::vector<std::map<std::string, std::string>> next;
    next.reserve(cells.size() * axis.values.size());
    for (const auto& cell : cells) {
      for (const auto& value : axis.values) {
        auto extended = cell;
        extended[axis.name] = value;
        next.push_back(std::move(extended));
      }
    }
    cells = std::move(next);
  }
  return cells;
}

}  // namespace oxh::runner
