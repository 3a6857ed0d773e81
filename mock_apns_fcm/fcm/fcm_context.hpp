#pragma once
// What the FCM request handlers share: registries, faults, the push log and the options.
// Thread: the members are thread-safe; the struct itself is set up once.
#include <string>

#include "mock_apns_fcm/fcm/fcm_registry.hpp"
#include "mock_apns_fcm/push_record.hpp"
#include "mock_apns_fcm/rate_limiter.hpp"

namespace oxh::push::fcm {

struct FcmBehaviour {
  // Tokens not in the registry: accepted (true) or InvalidRegistration / INVALID_ARGUMENT.
  bool acceptUnknownTokens = false;
  // Legacy "data" values must be strings (v1 always requires it [G2]). Legacy FCM documents
  // string values but what it did with others is UNCONFIRMED; strict = 400 InvalidParameters.
  bool strictDataStrings = true;
  std::string projectId;  // v1: the one project served; empty = any
  // Pushes per registration token before v1 429 QUOTA_EXCEEDED / legacy
  // DeviceMessageRateExceeded (rate_limiter.hpp: off by default).
  RateLimit tokenRateLimit;
};

struct FcmContext {
  FcmRegistry& registry;
  FcmFaults& faults;
  PushLog& log;
  const FcmBehaviour& behaviour;
  RateLimiter& rateLimiter;  // per registration token
};

}  // namespace oxh::push::fcm
