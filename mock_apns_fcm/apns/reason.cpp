#include "mock_apns_fcm/apns/reason.hpp"

#include <array>

namespace oxh::push::apns {

namespace {

struct Row {
  Reason reason;
  std::string_view name;
  int status;
};

// push.md §1.7 (Apple [A2]).
constexpr std::array kRows{
    Row{Reason::BadCollapseId, "BadCollapseId", 400},
    Row{Reason::BadDeviceToken, "BadDeviceToken", 400},
    Row{Reason::BadExpirationDate, "BadExpirationDate", 400},
    Row{Reason::BadMessageId, "BadMessageId", 400},
    Row{Reason::BadPriority, "BadPriority", 400},
    Row{Reason::BadTopic, "BadTopic", 400},
    Row{Reason::DeviceTokenNotForTopic, "DeviceTokenNotForTopic", 400},
    Row{Reason::DuplicateHeaders, "DuplicateHeaders", 400},
    Row{Reason::IdleTimeout, "IdleTimeout", 400},
    Row{Reason::InvalidPushType, "InvalidPushType", 400},
    Row{Reason::MissingDeviceToken, "MissingDeviceToken", 400},
    Row{Reason::MissingTopic, "MissingTopic", 400},
    Row{Reason::PayloadEmpty, "PayloadEmpty", 400},
    Row{Reason::TopicDisallowed, "TopicDisallowed", 400},
    Row{Reason::BadCertificate, "BadCertificate", 403},
    Row{Reason::BadCertificateEnvironment, "BadCertificateEnvironment", 403},
    Row{Reason::ExpiredProviderToken, "ExpiredProviderToken", 403},
    Row{Reason::Forbidden, "Forbidden", 403},
    Row{Reason::InvalidProviderToken, "InvalidProviderToken", 403},
    Row{Reason::MissingProviderToken, "MissingProviderToken", 403},
    Row{Reason::UnrelatedKeyIdInToken, "UnrelatedKeyIdInToken", 403},
    Row{Reason::BadEnvironmentKeyIdInToken, "BadEnvironmentKeyIdInToken", 403},
    Row{Reason::BadPath, "BadPath", 404},
    Row{Reason::MethodNotAllowed, "MethodNotAllowed", 405},
    Row{Reason::ExpiredToken, "ExpiredToken", 410},
    Row{Reason::Unregistered, "Unregistered", 410},
    Row{Reason::PayloadTooLarge, "PayloadTooLarge", 413},
    Row{Reason::TooManyProviderTokenUpdates, "TooManyProviderTokenUpdates", 429},
    Row{Reason::TooManyRequests, "TooManyRequests", 429},
    Row{Reason::InternalServerError, "InternalServerError", 500},
    Row{Reason::ServiceUnavailable, "ServiceUnavailable", 503},
    Row{Reason::Shutdown, "Shutdown", 503},
};

const Row& rowOf(Reason reason) {
  for (const auto& row : kRows) {
    if (row.reason == reason) {
      return row;
    }
  }
  return kRows[29];  // InternalServerError; unreachable while kRows covers the enum
}

}  // namespace

std::string_view reasonName(Reason reason) { return rowOf(reason).name; }

int reasonStatus(Reason reason) { return rowOf(reason).status; }

std::optional<Reason> reasonFromName(std::string_view name) {
  for (const auto& row : kRows) {
    if (row.name == name) {
      return row.reason;
    }
  }
  return std::nullopt;
}

}  // namespace oxh::push::apns
