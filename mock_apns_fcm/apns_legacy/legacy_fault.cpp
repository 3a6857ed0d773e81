#include "mock_apns_fcm/apns_legacy/legacy_fault.hpp"

#include <algorithm>
#include <cctype>

#include "common/error/error.hpp"

namespace oxh::push::apns {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

const char* actionName(LegacyFault::Action action) {
  switch (action) {
    case LegacyFault::Action::Error: return "error";
    case LegacyFault::Action::Close: return "close";
    case LegacyFault::Action::Shutdown: return "shutdown";
  }
  return "error";
}

[[noreturn]] void bad(const std::string& why) { throw OxhException(Error("oxh.apns-legacy.fault", why)); }

}  // namespace

LegacyFault LegacyFault::fromJson(const nlohmann::json& json) {
  if (!json.is_object()) {
    bad("a fault is a JSON object");
  }
  LegacyFault fault;
  fault.token = lower(json.value("token", ""));
  const auto action = json.value("action", "error");
  if (action == "error") {
    fault.action = Action::Error;
  } else if (action == "close") {
    fault.action = Action::Close;
  } else if (action == "shutdown") {
    fault.action = Action::Shutdown;
    fault.status = LegacyStatus::Shutdown;
  } else {
    bad("action is error, close or shutdown, not '" + action + "'");
  }
  if (json.contains("status")) {
    if (!json["status"].is_number_integer() || json["status"].get<int>() < 0 || json["status"].get<int>() > 255) {
      bad("status is an integer 0-255");
    }
    fault.status = static_cast<LegacyStatus>(json["status"].get<int>());
  }
  if (json.contains("count")) {
    if (!json["count"].is_number_integer() || json["count"].get<int>() < 1) {
      bad("count is a positive integer");
    }
    fault.count = json["count"].get<int>();
  }
  return fault;
}

nlohmann::json LegacyFault::toJson() const {
  return {{"token", token}, {"action", actionName(action)}, {"status", static_cast<int>(status)}, {"count", count}};
}

void LegacyFaults::arm(LegacyFault fault) {
  fault.token = lower(fault.token);
  std::lock_guard lock(mutex_);
  armed_.push_back(std::move(fault));
}

std::optional<LegacyFault> LegacyFaults::take(const std::string& tokenHex) {
  const auto token = lower(tokenHex);
  std::lock_guard lock(mutex_);
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (it->token.empty() || it->token == token) {
      auto out = *it;
      if (--it->count <= 0) {
        armed_.erase(it);
      }
      out.count = 1;
      return out;
    }
  }
  return std::nullopt;
}

std::vector<LegacyFault> LegacyFaults::armed() const {
  std::lock_guard lock(mutex_);
  return armed_;
}

void LegacyFaults::clear() {
  std::lock_guard lock(mutex_);
  armed_.clear();
}

}  // namespace oxh::push::apns
