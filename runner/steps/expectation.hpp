#pragma once
// The one way every expect.* step waits: on the journal, with `within`, `never: {during}` or
// `exactly: N`, consuming what it matched. Failure messages list the near misses (entries of
// the right kind that did not match) so a person sees at once what did arrive.
#include <functional>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "runner/engine/step_context.hpp"

namespace oxh::runner {

struct ExpectationSpec {
  std::string what;                   // "an http-notify call matching {...}"
  journal::Matcher matcher;           // the full match
  journal::Matcher candidates;        // the right kind of entry, for near-miss reports
  // Why a candidate did not match (one line); empty when unknown.
  std::function<std::string(const journal::Entry&)> explainMiss;
};

// Runs the expectation with the step's within/never/exactly arguments; returns the matched
// entries (empty for `never`). Throws StepFailure.
std::vector<journal::Entry> expectInJournal(StepContext& context, const ExpectationSpec& spec);

}  // namespace oxh::runner
