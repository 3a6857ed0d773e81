#pragma once
// One-shot overrides for the legacy gateway (DESIGN.md §4 "Two modes per fake"): "the next
// notification for token T gets error status S", "... has its connection dropped without a
// word", "... gets status 10 Shutdown (identifier = the last notification accepted on that
// connection) and the connection closes". Each armed override serves `count` notifications.
// Thread: LegacyFaults is safe from any thread (one mutex).
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mock_apns_fcm/apns_legacy/legacy_frame.hpp"

namespace oxh::push::apns {

struct LegacyFault {
  enum class Action {
    Error,     // error-response packet with `status`, then close
    Close,     // close the connection, no packet
    Shutdown,  // status 10 with the last accepted identifier, then close
  };
  std::string token;  // hex device token, case-insensitive; empty = any notification
  Action action = Action::Error;
  LegacyStatus status = LegacyStatus::ProcessingError;
  int count = 1;

  // {"token","action":"error|close|shutdown","status":0-255,"count"}; throws OxhException
  // [oxh.apns-legacy.fault] for unknown actions or out-of-range numbers.
  static LegacyFault fromJson(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json toJson() const;
};

class LegacyFaults {
 public:
  void arm(LegacyFault fault);
  // The first override armed for this token (or for any token), used once.
  std::optional<LegacyFault> take(const std::string& tokenHex);
  [[nodiscard]] std::vector<LegacyFault> armed() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<LegacyFault> armed_;
};

}  // namespace oxh::push::apns
