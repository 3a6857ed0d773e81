#pragma once
// Per-device-token rate limiting for the push fakes (issue 4 "rate limits"): a token that gets
// more than `maxPushes` pushes within `window` is refused until older pushes leave the window
// (a sliding window). APNs answers 429 TooManyRequests ("too many requests to the same device
// token", push.md §1.7), FCM v1 429 RESOURCE_EXHAUSTED / QUOTA_EXCEEDED and legacy FCM the
// per-result error DeviceMessageRateExceeded (push.md §4, §5).
// Neither Apple nor push.md gives a number, so the limit is OFF by default (maxPushes == 0):
// an Apple-like default would be a guess, and it would throttle benchmarks and bulk scenarios
// that hammer one token. Google documents a per-device limit for FCM in its throttling guide
// (about 240 messages a minute; UNCONFIRMED here, not in push.md). Scenarios turn it on.
// Only admitted pushes count: refused ones do not extend the penalty.
// Thread: safe from any thread (one mutex).
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace oxh::push {

struct RateLimit {
  std::size_t maxPushes = 0;  // 0 = no limit
  std::chrono::milliseconds window{std::chrono::seconds(1)};

  [[nodiscard]] bool enabled() const { return maxPushes > 0 && window.count() > 0; }
  // {"max": N, "window_ms": W}; throws OxhException [oxh.push.rate-limit] on bad input.
  static RateLimit fromJson(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json toJson() const;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit = {}) : limit_(limit) {}

  // True when a push to `token` at `now` is within the limit (and counts it); false when it
  // would exceed it (not counted). Always true while the limit is off.
  bool admit(const std::string& token, std::chrono::system_clock::time_point now);
  void setLimit(RateLimit limit);  // also forgets the counts
  [[nodiscard]] RateLimit limit() const;
  void clear();  // forgets the counts, keeps the limit

 private:
  mutable std::mutex mutex_;
  RateLimit limit_;
  std::map<std::string, std::deque<std::chrono::system_clock::time_point>> recent_;
};

}  // namespace oxh::push
