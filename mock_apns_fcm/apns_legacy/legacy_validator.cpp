#include "mock_apns_fcm/apns_legacy/legacy_validator.hpp"

#include <algorithm>

namespace oxh::push::apns {

std::size_t legacyPayloadLimit(std::uint8_t command) {
  return command == kCommandFrame ? kFramePayloadLimit : kLegacyPayloadLimit;
}

LegacyVerdict validateLegacy(const LegacyNotification& notification, const CertificateIdentity* certificate,
                             const DeviceRegistry& devices, const LegacyValidationOptions& options) {
  const auto reject = [](LegacyStatus status, std::string why) { return LegacyVerdict{status, std::move(why)}; };
  if (notification.malformed != LegacyStatus::NoErrors) {
    return reject(notification.malformed, notification.malformedWhy);
  }
  if (!notification.token || notification.token->empty()) {
    return reject(LegacyStatus::MissingToken, "no device token");
  }
  if (notification.token->size() != kLegacyTokenBytes) {
    return reject(LegacyStatus::InvalidTokenSize,
                  "token is " + std::to_string(notification.token->size()) + " bytes, not 32");
  }
  if (certificate == nullptr || certificate->uid.empty()) {
    return reject(LegacyStatus::MissingTopic, "client certificate has no UID (bundle id)");
  }
  if (!notification.payload || notification.payload->empty()) {
    return reject(LegacyStatus::MissingPayload, "no payload");
  }
  const auto limit = legacyPayloadLimit(notification.command);
  if (notification.payload->size() > limit) {
    return reject(LegacyStatus::InvalidPayloadSize, "payload is " + std::to_string(notification.payload->size()) +
                                                        " bytes, limit " + std::to_string(limit));
  }
  if (notification.priority && *notification.priority != 10 && *notification.priority != 5) {
    return reject(LegacyStatus::ProcessingError, "priority " + std::to_string(*notification.priority) + " is not 10 or 5");
  }
  const auto tokenHex = tokenToHex(*notification.token);
  const auto entry = devices.find(tokenHex);
  if (!entry) {
    return options.acceptUnknownTokens ? LegacyVerdict{} : reject(LegacyStatus::InvalidToken, "token not registered");
  }
  if (entry->environment != options.environment) {
    return reject(LegacyStatus::InvalidToken,
                  "token belongs to the " + std::string(environmentName(entry->environment)) + " environment");
  }
  if (!entry->topic.empty()) {
    const auto topics = certificate->allowedTopics();
    if (std::find(topics.begin(), topics.end(), entry->topic) == topics.end()) {
      return reject(LegacyStatus::InvalidToken, "token is registered for " + entry->topic);
    }
  }
  return {};
}

std::string legacyReason(LegacyStatus status) {
  switch (status) {
    case LegacyStatus::NoErrors: return "";
    case LegacyStatus::ProcessingError: return "ProcessingError";
    case LegacyStatus::MissingToken: return "MissingDeviceToken";
    case LegacyStatus::MissingTopic: return "MissingTopic";
    case LegacyStatus::MissingPayload: return "MissingPayload";
    case LegacyStatus::InvalidTokenSize: return "InvalidTokenSize";
    case LegacyStatus::InvalidTopicSize: return "InvalidTopicSize";
    case LegacyStatus::InvalidPayloadSize: return "InvalidPayloadSize";
    case LegacyStatus::InvalidToken: return "InvalidToken";
    case LegacyStatus::Shutdown: return "Shutdown";
    case LegacyStatus::Unknown: return "Unknown";
  }
  return "Status" + std::to_string(static_cast<int>(status));
}

}  // namespace oxh::push::apns
