#include "runner/steps/expectation.hpp"

namespace oxh::runner {

namespace {

std::string nearMisses(StepContext& context, const ExpectationSpec& spec) {
  const auto candidates = context.journal.unconsumed(spec.candidates);
  if (candidates.empty()) {
    return "; nothing of that kind arrived";
  }
  std::string out = "; " + std::to_string(candidates.size()) + " that did not match:";
  std::size_t shown = 0;
  for (const auto& entry : candidates) {
    if (++shown > 5) {
      out += "\n    ...";
      break;
    }
    out += "\n    " + context.journal.transcriptLine(entry);
    if (spec.explainMiss) {
      const auto why = spec.explainMiss(entry);
      if (!why.empty()) {
        out += "\n      (" + why + ")";
      }
    }
  }
  return out;
}

}  // namespace

std::vector<journal::Entry> expectInJournal(StepContext& context, const ExpectationSpec& spec) {
  if (context.has("never")) {
    const auto neverNode = context.args["never"];
    Duration during = std::chrono::seconds(1);
    if (neverNode.IsMap() && neverNode["during"]) {
      const auto text = neverNode["during"].as<std::string>();
      auto parsed = parseDuration(text);
      if (!parsed) {
        throw StepFailure("never.during must be a duration like 1s, got '" + text + "'");
      }
      during = *parsed;
    }
    const auto window = context.deadlineFor(during) - journal::Clock::now();
    if (auto offending = context.journal.never(spec.matcher, window)) {
      throw StepFailure("expected no " + spec.what + " during " + formatDuration(during) + ", but got:\n    " +
                        context.journal.transcriptLine(*offending));
    }
    return {};
  }
  const auto within = context.duration("within");
  const auto deadline = context.deadlineFor(within);
  const std::string windowText = within ? formatDuration(*within) : formatDuration(kDefaultStepTimeout);
  if (context.has("exactly")) {
    const auto wanted = static_cast<std::size_t>(context.integer("exactly", 1));
    // Wait the whole window (more could still come) unless one too many arrives first.
    const auto seen = context.journal.waitForCount(spec.matcher, wanted + 1, deadline - journal::Clock::now());
    if (seen != wanted) {
      throw StepFailure("expected exactly " + std::to_string(wanted) + " " + spec.what + " within " + windowText +
                        ", saw " + std::to_string(seen) + (seen < wanted ? nearMisses(context, spec) : ""));
    }
    std::vector<journal::Entry> matched;
    for (std::size_t i = 0; i < wanted; ++i) {
      if (auto entry = context.journal.waitFor(spec.matcher, journal::Clock::duration::zero())) {
        matched.push_back(*entry);
      }
    }
    return matched;
  }
  auto found = context.journal.waitFor(spec.matcher, deadline - journal::Clock::now());
  if (!found) {
    throw StepFailure("no " + spec.what + " within " + windowText + nearMisses(context, spec));
  }
  return {*found};
}

}  // namespace oxh::runner
