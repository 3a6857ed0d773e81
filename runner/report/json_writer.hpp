#pragma once
// The JSON report: everything in RunResult, for tools and dashboards. Shape and types are
// fixed by reports/report.schema.json (the "schema" member names its version); change both
// together. All strings are valid UTF-8 (invalid bytes become U+FFFD), so dump() never throws.
// Thread: pure function of its input.
#include <nlohmann/json.hpp>
#include <string>

#include "runner/report/result.hpp"

namespace oxh::runner {

inline constexpr const char* kJsonReportSchema = "https://oxharness.invalid/report/v1";

[[nodiscard]] nlohmann::json toJson(const RunResult& run);

// Pretty-printed (2 spaces) with a trailing newline. Throws OxhException [oxh.report.write]
// (path and OS error) on failure; atomic replace.
void writeJson(const RunResult& run, const std::string& path);

}  // namespace oxh::runner
