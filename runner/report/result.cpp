#include "runner/report/result.hpp"

#include <algorithm>

namespace oxh::runner {

const char* toString(Status status) {
  switch (status) {
    case Status::Passed:
      return "passed";
    case Status::Failed:
      return "failed";
    case Status::Skipped:
      return "skipped";
    case Status::Error:
      return "error";
  }
  // Only reachable with a value cast from outside the enum; a report must still be written.
  return "error";
}

std::size_t RunResult::count(Status status) const {
  return static_cast<std::size_t>(std::count_if(scenarios.begin(), scenarios.end(),
                                                [status](const ScenarioResult& s) { return s.status == status; }));
}

}  // namespace oxh::runner
