#include "mock_apns_fcm/apns/fault_override.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "common/error/error.hpp"
#include "mock_apns_fcm/apns/reason.hpp"

namespace oxh::push::apns {

namespace {

using Action = FaultOverride::Action;

constexpr std::array<std::pair<Action, std::string_view>, 5> kActions{{{Action::Respond, "respond"},
                                                                      {Action::Delay, "delay"},
                                                                      {Action::RstStream, "rst_stream"},
                                                                      {Action::Goaway, "goaway"},
                                                                      {Action::Close, "close"}}};

bool sameToken(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

[[noreturn]] void bad(const std::string& what) { throw OxhException(Error("oxh.apns.fault", what)); }

}  // namespace

FaultOverride FaultOverride::fromJson(const nlohmann::json& json) {
  if (!json.is_object()) {
    bad("a fault is a JSON object");
  }
  FaultOverride fault;
  try {
    fault.token = json.value("token", "");
    const auto action = json.value("action", "respond");
    const auto it = std::find_if(kActions.begin(), kActions.end(), [&](const auto& row) { return row.second == action; });
    if (it == kActions.end()) {
      bad("unknown action '" + action + "' (respond, delay, rst_stream, goaway, close)");
    }
    fault.action = it->first;
    fault.reason = json.value("reason", "");
    fault.status = json.value("status", 0);
    if (fault.action == Action::Respond && fault.status == 0) {
      const auto reason = reasonFromName(fault.reason);
      if (!reason) {
        bad("respond needs a known reason or an explicit status (reason '" + fault.reason + "')");
      }
      fault.status = reasonStatus(*reason);
    }
    if (json.contains("timestamp_ms")) {
      fault.timestamp = std::chrono::system_clock::time_point(std::chrono::milliseconds(json["timestamp_ms"].get<std::int64_t>()));
    }
    fault.delay = std::chrono::milliseconds(json.value("delay_ms", 0));
    fault.errorCode = json.value("error_code", 0u);
    fault.goawayReason = json.value("goaway_reason", "Shutdown");
    fault.count = json.value("count", 1);
  } catch (const nlohmann::json::exception& error) {
    bad(std::string("bad fault field: ") + error.what());
  }
  if (fault.count < 1) {
    bad("count must be at least 1");
  }
  return fault;
}

nlohmann::json FaultOverride::toJson() const {
  const auto it = std::find_if(kActions.begin(), kActions.end(), [&](const auto& row) { return row.first == action; });
  nlohmann::json out{{"token", token},
                     {"action", std::string(it->second)},
                     {"status", status},
                     {"reason", reason},
                     {"delay_ms", delay.count()},
                     {"error_code", errorCode},
                     {"goaway_reason", goawayReason},
                     {"count", count}};
  if (timestamp) {
    out["timestamp_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(timestamp->time_since_epoch()).count();
  }
  return out;
}

void FaultOverrides::arm(FaultOverride fault) {
  std::lock_guard lock(mutex_);
  armed_.push_back(std::move(fault));
}

std::optional<FaultOverride> FaultOverrides::take(const std::string& token) {
  std::lock_guard lock(mutex_);
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (it->token.empty() || sameToken(it->token, token)) {
      FaultOverride used = *it;
      if (--it->count == 0) {
        armed_.erase(it);
      }
      used.count = 1;
      return used;
    }
  }
  return std::nullopt;
}

std::vector<FaultOverride> FaultOverrides::armed() const {
  std::lock_guard lock(mutex_);
  return armed_;
}

void FaultOverrides::clear() {
  std::lock_guard lock(mutex_);
  armed_.clear();
}

}  // namespace oxh::push::apns
