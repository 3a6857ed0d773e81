#include "runner/scenario/schema.hpp"

#include <algorithm>
#include <utility>

#include "common/error/error.hpp"

namespace oxh::runner {
namespace {

std::size_t editDistance(const std::string& a, const std::string& b) {
  // Two-row Levenshtein: names are short, so O(|a|*|b|) is nothing.
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::vector<ParamSpec> expectationParams() {
  std::vector<ParamSpec> params;
  params.push_back({"within", ParamType::Duration, false, "wait up to this long for a match"});
  ParamSpec never{"never", ParamType::Map, false, "assert no match happens during the given time"};
  never.fields.push_back({"during", ParamType::Duration, true, "how long to watch"});
  params.push_back(std::move(never));
  params.push_back({"exactly", ParamType::Int, false, "the number of matches expected"});
  ParamSpec save{"save", ParamType::Map, false, "variable name -> dotted path into the match"};
  save.valueType = ParamType::String;
  params.push_back(std::move(save));
  return params;
}

void StepRegistry::add(StepSpec spec) {
  // `include` is spliced by the loader, so a step of that name could never run.
  if (spec.name.empty() || spec.name == "include") {
    throw OxhException(Error("oxh.scenario.bad-step-spec", "a step cannot be named '" + spec.name + "'"));
  }
  const std::string name = spec.name;
  if (!specs_.emplace(name, std::move(spec)).second) {
    throw OxhException(Error("oxh.scenario.bad-step-spec", "step '" + name + "' is registered twice"));
  }
}

const StepSpec* StepRegistry::find(const std::string& name) const {
  const auto found = specs_.find(name);
  return found == specs_.end() ? nullptr : &found->second;
}

std::vector<std::string> StepRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(specs_.size());
  for (const auto& entry : specs_) {
    out.push_back(entry.first);
  }
  return out;
}

std::optional<std::string> suggestClosest(const std::string& word, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::optional<std::string> best;
  std::size_t bestDistance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  const auto suggestion = suggestClosest(word, candidates);
  return suggestion ? " (did you mean '" + *suggestion + "'?)" : std::string();
}

std::string describeParamType(ParamType type) {
  switch (type) {
    case ParamType::String:
      return "a string";
    case ParamType::Int:
      return "an integer";
    case ParamType::Bool:
      return "true or false";
    case ParamType::Duration:
      return "a duration like 2s or 500ms";
    case ParamType::Map:
      return "a map";
    case ParamType::List:
      return "a list";
    case ParamType::StringOrList:
      return "a string or a list of strings";
    case ParamType::Any:
      return "any value";
  }
  return "a value";
}

}  // namespace oxh::runner
