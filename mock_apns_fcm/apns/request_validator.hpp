#pragma once
// The APNs verdict for one request, in the check order push.md §1.8 copies from Pushy's
// ValidatingPushNotificationHandler: apns-id, method, topic, collapse id, priority, push type,
// path/device token, authentication, payload. The push type must agree with the topic's
// suffix (header_rules.hpp pushTypeForTopic / topicSuffixFor). The device-token state checks (410 Unregistered,
// DeviceTokenNotForTopic) run after authentication, so an unauthenticated client cannot probe
// which tokens exist (UNCONFIRMED that APNs orders them so; Pushy checks the path first).
// Thread: validate() reads the thread-safe registries and writes only the connection context.
#include <chrono>
#include <optional>
#include <string>

#include "mock_apns_fcm/apns/apns_request.hpp"
#include "mock_apns_fcm/apns/device_registry.hpp"
#include "mock_apns_fcm/apns/provider_token_auth.hpp"
#include "mock_apns_fcm/apns/reason.hpp"
#include "mock_apns_fcm/rate_limiter.hpp"

namespace oxh::push::apns {

struct ValidationOptions {
  Environment defaultEnvironment = Environment::Sandbox;  // when :authority names no Apple host
  bool strictTokenLength = false;     // device tokens must be 64 hex digits (push.md §1.6)
  bool acceptUnknownTokens = false;   // well-formed tokens not in the registry are accepted
  bool enforceTokenUpdateRate = true;  // TooManyProviderTokenUpdates
  // Pushes per device token before 429 TooManyRequests (rate_limiter.hpp: off by default).
  RateLimit tokenRateLimit;
};

struct Verdict {
  std::optional<Reason> reason;  // nullopt = accepted
  std::optional<std::chrono::system_clock::time_point> unregisteredSince;  // with 410
  std::string token;      // device token from :path (may be empty)
  std::string topic;      // effective topic (header, or the certificate's default)
  std::string auth;       // "jwt team=T kid=K" / "cert uid=U" / ""
  std::string detail;     // why, for journals
  Environment environment = Environment::Sandbox;
};

// The environment a request addresses: api.push.apple.com -> production,
// api.sandbox.push.apple.com / api.development.push.apple.com -> sandbox, else the default.
Environment environmentFor(const std::string& authority, Environment fallback);

Verdict validate(const ApnsRequest& request, ApnsConnectionContext& connection, const DeviceRegistry& devices,
                 const ProviderKeys& keys, const ValidationOptions& options, std::chrono::system_clock::time_point now);

}  // namespace oxh::push::apns
