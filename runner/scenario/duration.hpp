#pragma once
// Durations as scenarios write them: "2s", "500ms", "1.5s", "1m", "100us", or a bare number of seconds.
#include <chrono>
#include <optional>
#include <string_view>

namespace oxh::runner {

using Duration = std::chrono::nanoseconds;

std::optional<Duration> parseDuration(std::string_view text);
std::string formatDuration(Duration duration);  // "2s", "500ms", "1.5s"

}  // namespace oxh::runner
