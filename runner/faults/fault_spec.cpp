#include "runner/faults/fault_spec.hpp"

#include <algorithm>
#include <charconv>

#include "runner/faults/app_fault_spec.hpp"
#include "runner/scenario/duration.hpp"
#include "runner/scenario/schema.hpp"

namespace oxh::faults {

namespace {

struct KindInfo {
  FaultKind kind;
  const char* name;
  std::vector<std::string> params;
};

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> table = {
      {FaultKind::kLatency, "latency", {"latency", "jitter"}},
      {FaultKind::kBandwidth, "bandwidth", {"rate"}},
      {FaultKind::kSlice, "slice", {"chunk_min", "chunk_max", "gap"}},
      {FaultKind::kBlackhole, "blackhole", {}},
      {FaultKind::kReset, "reset", {"after_bytes"}},
      {FaultKind::kSlowClose, "slow_close", {"delay"}},
      {FaultKind::kDataLimit, "data_limit", {"after_bytes"}},
      {FaultKind::kRefuse, "refuse", {}},
      {FaultKind::kTlsStall, "tls_stall", {"count"}},
      {FaultKind::kTlsAlert, "tls_alert", {"alert", "count"}},
      {FaultKind::kTlsCertificate, "tls_certificate", {"certificate", "count"}},
      {FaultKind::kHttpStatus, "http_status", {"status", "body", "retry_after", "path", "count"}},
      {FaultKind::kHttpDelay, "http_delay", {"delay", "path", "count"}},
      {FaultKind::kHttpMalformed, "http_malformed", {"path", "count"}},
      {FaultKind::kHttpCloseMidBody, "http_close_mid_body", {"after_bytes", "path", "count"}},
      {FaultKind::kH2RstStream, "h2_rst_stream", {"error_code", "count"}},
      {FaultKind::kH2Goaway, "h2_goaway", {"error_code", "last_stream_id", "delay"}},
      {FaultKind::kH2Settings, "h2_settings",
       {"header_table_size", "enable_push", "max_concurrent_streams", "initial_window_size", "max_frame_size",
        "max_header_list_size", "count"}},
  };
  return table;
}

const KindInfo& infoOf(FaultKind kind) {
  return *std::find_if(kinds().begin(), kinds().end(), [&](const KindInfo& info) { return info.kind == kind; });
}

const std::vector<std::string> kCommonParams = {"fault", "direction", "once", "duration"};

std::optional<Millis> millis(const std::string& text) {
  const auto parsed = runner::parseDuration(text);
  if (!parsed || parsed->count() < 0) {
    return std::nullopt;
  }
  return std::chrono::duration_cast<Millis>(*parsed);
}

std::optional<std::uint64_t> number(const std::string& text) {
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string_view faultKindName(FaultKind kind) { return infoOf(kind).name; }

std::optional<FaultKind> parseFaultKind(std::string_view name) {
  for (const auto& info : kinds()) {
    if (name == info.name) {
      return info.kind;
    }
  }
  return std::nullopt;
}

const std::vector<std::string>& faultKindNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& info : kinds()) {
      out.emplace_back(info.name);
    }
    return out;
  }();
  return names;
}

std::string_view directionName(Direction direction) {
  switch (direction) {
    case Direction::kClientToServer:
      return "client_to_server";
    case Direction::kServerToClient:
      return "server_to_client";
    case Direction::kBoth:
      break;
  }
  return "both";
}

std::optional<Direction> parseDirection(std::string_view name) {
  if (name == "both") {
    return Direction::kBoth;
  }
  if (name == "client_to_server" || name == "c2s") {
    return Direction::kClientToServer;
  }
  if (name == "server_to_client" || name == "s2c") {
    return Direction::kServerToClient;
  }
  return std::nullopt;
}

const std::vector<std::string>& directionNames() {
  static const std::vector<std::string> names = {"both", "client_to_server", "server_to_client", "c2s", "s2c"};
  return names;
}

bool appliesTo(Direction armed, Direction flow) { return armed == Direction::kBoth || armed == flow; }

const std::vector<std::string>& faultParams(FaultKind kind) { return infoOf(kind).params; }

FaultParseResult parseFaultSpec(const std::map<std::string, std::string>& params) {
  FaultParseResult result;
  const auto fault = params.find("fault");
  if (fault == params.end()) {
    result.error = "a fault needs 'fault' (one of " + [] {
      std::string all;
      for (const auto& name : faultKindNames()) {
        all += (all.empty() ? "" : ", ") + name;
      }
      return all;
    }() + ")";
    return result;
  }
  const auto kind = parseFaultKind(fault->second);
  if (!kind) {
    result.error = "unknown fault '" + fault->second + "'" + runner::didYouMean(fault->second, faultKindNames());
    return result;
  }
  FaultSpec spec;
  spec.kind = *kind;
  const auto& own = faultParams(*kind);
  for (const auto& [key, value] : params) {
    const bool common = std::find(kCommonParams.begin(), kCommonParams.end(), key) != kCommonParams.end();
    if (!common && std::find(own.begin(), own.end(), key) == own.end()) {
      std::vector<std::string> allowed = kCommonParams;
      allowed.insert(allowed.end(), own.begin(), own.end());
      result.error = "parameter '" + key + "' does not apply to fault '" + fault->second + "'" +
                     runner::didYouMean(key, allowed);
      return result;
    }
    const auto badValue = [&](const std::string& want) {
      result.error = "fault parameter '" + key + "' must be " + want + ", got '" + value + "'";
      return result;
    };
    if (isAppParam(key)) {
      if (const auto want = parseAppParam(key, value, spec); !want.empty()) {
        return badValue(want);
      }
    } else if (key == "direction") {
      const auto direction = parseDirection(value);
      if (!direction) {
        return badValue("both, client_to_server or server_to_client" + runner::didYouMean(value, directionNames()));
      }
      spec.direction = *direction;
    } else if (key == "once") {
      if (value != "true" && value != "false") {
        return badValue("true or false");
      }
      spec.once = value == "true";
    } else if (key == "duration" || key == "latency" || key == "jitter" || key == "gap" || key == "delay") {
      const auto parsed = millis(value);
      if (!parsed) {
        return badValue("a duration like 250ms or 2s");
      }
      if (key == "duration") {
        spec.duration = *parsed;
      } else if (key == "latency") {
        spec.latency = *parsed;
      } else if (key == "jitter") {
        spec.jitter = *parsed;
      } else if (key == "gap") {
        spec.gap = *parsed;
      } else {
        spec.delay = *parsed;
      }
    } else if (key == "rate" || key == "chunk_min" || key == "chunk_max" || key == "after_bytes") {
      const auto parsed = number(value);
      if (!parsed) {
        return badValue("a non-negative integer");
      }
      if (key == "rate") {
        spec.rate = *parsed;
      } else if (key == "chunk_min") {
        spec.chunkMin = static_cast<std::size_t>(*parsed);
      } else if (key == "chunk_max") {
        spec.chunkMax = static_cast<std::size_t>(*parsed);
      } else {
        spec.afterBytes = *parsed;
      }
    }
  }
  if (spec.kind == FaultKind::kBandwidth && spec.rate == 0) {
    result.error = "fault 'bandwidth' needs 'rate' (bytes per second, > 0)";
    return result;
  }
  if (spec.kind == FaultKind::kSlice) {
    if (params.count("chunk_max") == 0 && spec.chunkMin > spec.chunkMax) {
      spec.chunkMax = spec.chunkMin;
    }
    if (spec.chunkMin == 0 || spec.chunkMin > spec.chunkMax) {
      result.error = "fault 'slice' needs 1 <= chunk_min <= chunk_max";
      return result;
    }
  }
  if (const auto problem = checkAppSpec(spec, params); !problem.empty()) {
    result.error = problem;
    return result;
  }
  if (spec.kind == FaultKind::kRefuse && (spec.direction != Direction::kBoth || spec.once)) {
    result.error = "fault 'refuse' closes the listener; it takes neither 'direction' nor 'once' (use 'duration')";
    return result;
  }
  result.spec = spec;
  return result;
}

std::string describe(const FaultSpec& spec) {
  std::string text(faultKindName(spec.kind));
  switch (spec.kind) {
    case FaultKind::kLatency:
      text += " " + std::to_string(spec.latency.count()) + "ms";
      if (spec.jitter.count() > 0) {
        text += "+-" + std::to_string(spec.jitter.count()) + "ms";
      }
      break;
    case FaultKind::kBandwidth:
      text += " " + std::to_string(spec.rate) + "B/s";
      break;
    case FaultKind::kSlice:
      text += " " + std::to_string(spec.chunkMin) + ".." + std::to_string(spec.chunkMax) + "B";
      break;
    case FaultKind::kReset:
    case FaultKind::kDataLimit:
      text += " after " + std::to_string(spec.afterBytes) + "B";
      break;
    case FaultKind::kSlowClose:
      text += " " + std::to_string(spec.delay.count()) + "ms";
      break;
    case FaultKind::kBlackhole:
    case FaultKind::kRefuse:
      break;
    default:
      text += describeApp(spec);
      break;
  }
  if (spec.kind != FaultKind::kRefuse && !isAppFault(spec.kind)) {
    text += " " + std::string(directionName(spec.direction));
  }
  if (spec.once) {
    text += " once";
  }
  if (spec.duration) {
    text += " for " + std::to_string(spec.duration->count()) + "ms";
  }
  return text;
}

}  // namespace oxh::faults
