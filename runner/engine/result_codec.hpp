#pragma once
// ScenarioResult <-> JSON for the pipe between a scenario's worker process and the supervisor.
// Lossless for every field (the report formats are elsewhere and may drop or reshape fields).
#include <nlohmann/json.hpp>

#include "runner/report/result.hpp"

namespace oxh::runner {

nlohmann::json encodeResult(const ScenarioResult& result);
ScenarioResult decodeResult(const nlohmann::json& json);
// One line of JSON; invalid UTF-8 in transcripts is replaced rather than thrown on.
std::string dumpLine(const nlohmann::json& json);

}  // namespace oxh::runner
