#include "runner/scenario/duration.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace oxh::runner {

std::optional<Duration> parseDuration(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  std::size_t numberEnd = 0;
  while (numberEnd < text.size() && (std::isdigit(static_cast<unsigned char>(text[numberEnd])) != 0 || text[numberEnd] == '.')) {
    ++numberEnd;
  }
  if (numberEnd == 0) {
    return std::nullopt;
  }
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(std::string(text.substr(0, numberEnd)), &used);
    if (used != numberEnd) {
      return std::nullopt;
    }
  } catch (...) {
    return std::nullopt;
  }
  const std::string_view unit = text.substr(numberEnd);
  double scale = 0;  // nanoseconds per unit
  if (unit.empty() || unit == "s") {
    scale = 1e9;
  } else if (unit == "ms") {
    scale = 1e6;
  } else if (unit == "us") {
    scale = 1e3;
  } else if (unit == "m" || unit == "min") {
    scale = 60e9;
  } else if (unit == "h") {
    scale = 3600e9;
  } else {
    return std::nullopt;
  }
  return Duration(static_cast<std::int64_t>(std::llround(value * scale)));
}

std::string formatDuration(Duration duration) {
  const auto ns = duration.count();
  char buffer[48];
  if (ns % 1000000000 == 0) {
    std::snprintf(buffer, sizeof buffer, "%llds", static_cast<long long>(ns / 1000000000));
  } else if (ns % 1000000 == 0 && ns < 1000000000) {
    std::snprintf(buffer, sizeof buffer, "%lldms", static_cast<long long>(ns / 1000000));
  } else {
    std::snprintf(buffer, sizeof buffer, "%gs", static_cast<double>(ns) / 1e9);
  }
  return buffer;
}

}  // namespace oxh::runner
