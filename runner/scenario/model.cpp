#include "runner/scenario/model.hpp"

namespace oxh::runner {

std::string Scenario::displayName() const {
  if (matrixCell.empty()) {
    return name;
  }
  std::string out = name + "[";
  bool first = true;
  for (const auto& [key, value] : matrixCell) {
    out += (first ? "" : ",") + key + "=" + value;
    first = false;
  }
  return out + "]";
}

}  // namespace oxh::runner
