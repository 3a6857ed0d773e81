#pragma once
// One-shot overrides (DESIGN.md §4 "Two modes per fake"): a scenario arms "the next request for
// token T answers 410 Unregistered", "... is delayed 2 s", "... gets RST_STREAM", "... gets a
// GOAWAY with reason Shutdown", "... has its connection closed". Each armed override is used
// by `count` matching requests, then disappears.
// Thread: safe from any thread (one mutex).
#include <chrono>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace oxh::push::apns {

struct FaultOverride {
  enum class Action {
    Respond,    // answer `status` with `reason` (after `delay`)
    Delay,      // validate normally, but answer after `delay`
    RstStream,  // RST_STREAM with `errorCode`
    Goaway,     // GOAWAY with `errorCode` and {"reason": goawayReason}, then close
    Close,      // drop the TCP connection without a word
  };
  std::string token;  // device token (case-insensitive); empty = any request
  Action action = Action::Respond;
  int status = 0;        // Respond: 0 = the status Apple uses for `reason`
  std::string reason;    // Respond: Apple's reason string; empty with status 200 = success
  std::optional<std::chrono::system_clock::time_point> timestamp;  // Respond with 410
  std::chrono::milliseconds delay{0};
  std::uint32_t errorCode = 0;             // RstStream / Goaway (RFC 9113 §7): 0 NO_ERROR, 2 INTERNAL_ERROR, ...
  std::string goawayReason = "Shutdown";   // Goaway debug data, as APNs sends it [A1]
  int count = 1;

  // {"token","action":"respond|delay|rst_stream|goaway|close","status","reason","timestamp_ms",
  //  "delay_ms","error_code","goaway_reason","count"}; throws OxhException [oxh.apns.fault].
  static FaultOverride fromJson(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json toJson() const;
};

class FaultOverrides {
 public:
  void arm(FaultOverride fault);
  // The first armed override for this token (or for any token), used once.
  std::optional<FaultOverride> take(const std::string& token);
  [[nodiscard]] std::vector<FaultOverride> armed() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<FaultOverride> armed_;
};

}  // namespace oxh::push::apns
