#pragma once
// APNs rejection reasons with their HTTP status, exactly as Apple lists them in "Handling
// notification responses from APNs" (push.md §1.7). The three "newer doc" rows
// (UnrelatedKeyIdInToken, BadEnvironmentKeyIdInToken, ExpiredToken) are in Apple's current
// page but not in Pushy's RejectionReason enum.
// Thread: pure functions.
#include <optional>
#include <string>
#include <string_view>

namespace oxh::push::apns {

enum class Reason {
  BadCollapseId,
  BadDeviceToken,
  BadExpirationDate,
  BadMessageId,
  BadPriority,
  BadTopic,
  DeviceTokenNotForTopic,
  DuplicateHeaders,
  IdleTimeout,
  InvalidPushType,
  MissingDeviceToken,
  MissingTopic,
  PayloadEmpty,
  TopicDisallowed,
  BadCertificate,
  BadCertificateEnvironment,
  ExpiredProviderToken,
  Forbidden,
  InvalidProviderToken,
  MissingProviderToken,
  UnrelatedKeyIdInToken,
  BadEnvironmentKeyIdInToken,
  BadPath,
  MethodNotAllowed,
  ExpiredToken,
  Unregistered,
  PayloadTooLarge,
  TooManyProviderTokenUpdates,
  TooManyRequests,
  InternalServerError,
  ServiceUnavailable,
  Shutdown,
};

[[nodiscard]] std::string_view reasonName(Reason reason);
[[nodiscard]] int reasonStatus(Reason reason);
// Case-sensitive, as Apple spells them ("BadDeviceToken").
[[nodiscard]] std::optional<Reason> reasonFromName(std::string_view name);

}  // namespace oxh::push::apns
