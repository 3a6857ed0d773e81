#include "mock_apns_fcm/rate_limiter.hpp"

#include "common/error/error.hpp"

namespace oxh::push {

RateLimit RateLimit::fromJson(const nlohmann::json& json) {
  const auto bad = [](const std::string& why) {
    return OxhException(Error("oxh.push.rate-limit", "rate limit " + why + " (want {\"max\": N, \"window_ms\": W})"));
  };
  if (!json.is_object()) {
    throw bad("is not a JSON object");
  }
  for (const auto& [key, value] : json.items()) {
    if (key != "max" && key != "window_ms") {
      throw bad("has an unknown key '" + key + "'");
    }
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0) {
      throw bad("'" + key + "' must be a non-negative integer");
    }
  }
  RateLimit limit;
  limit.maxPushes = json.value("max", std::size_t{0});
  limit.window = std::chrono::milliseconds(json.value("window_ms", std::int64_t{1000}));
  if (limit.maxPushes > 0 && limit.window.count() == 0) {
    throw bad("needs window_ms > 0");
  }
  return limit;
}

nlohmann::json RateLimit::toJson() const {
  return {{"max", maxPushes}, {"window_ms", window.count()}};
}

bool RateLimiter::admit(const std::string& token, std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (!limit_.enabled()) {
    return true;
  }
  auto& recent = recent_[token];
  while (!recent.empty() && recent.front() <= now - limit_.window) {
    recent.pop_front();
  }
  if (recent.size() >= limit_.maxPushes) {
    return false;
  }
  recent.push_back(now);
  return true;
}

void RateLimiter::setLimit(RateLimit limit) {
  std::lock_guard lock(mutex_);
  limit_ = limit;
  recent_.clear();
}

RateLimit RateLimiter::limit() const {
  std::lock_guard lock(mutex_);
  return limit_;
}

void RateLimiter::clear() {
  std::lock_guard lock(mutex_);
  recent_.clear();
}

}  // namespace oxh::push
