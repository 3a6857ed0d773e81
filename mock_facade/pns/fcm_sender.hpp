#pragma once
// FCM/GCM transports (push.md 3, 4, 5) over common/http1:
//   legacy: POST <url> (…/fcm/send), Authorization: key=<key>, {"registration_ids":[…≤1000],
//     "data":{strings}} as OX's gcm-server fork sends it; per-result handling as
//     GcmPushNotificationTransport: message_id + registration_id -> the canonical id replaces
//     the token; Unavailable -> kept; NotRegistered and any other error -> removed.
//   v1: POST <base>/v1/projects/<p>/messages:send per token, Authorization: Bearer <token>,
//     {"message":{"token","data"}}; FcmError UNREGISTERED (404) removes the subscription
//     (what the 8.x middleware does with v1 errors is UNCONFIRMED; others are kept).
// Thread: send() is safe from any thread (each call is its own HTTP exchange).
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mock_facade/pns/send_result.hpp"

namespace oxh::facade::pns {

struct FcmTarget {
  std::string api = "legacy";  // legacy | v1
  std::string legacyUrl;       // https://fcm.googleapis.com/fcm/send or the fake's
  std::string serverKey;       // legacy key (pns-gcm-options.yml)
  std::string v1BaseUrl;       // https://fcm.googleapis.com or the fake's
  std::string projectId;
  std::string accessToken;  // OAuth2 bearer token for v1
  std::optional<std::string> caPem;
  std::chrono::milliseconds timeout{5000};
};

inline constexpr std::size_t kGcmMulticastLimit = 1000;

class FcmSender {
 public:
  explicit FcmSender(FcmTarget target);
  // One result per token, in order. `data` must hold string values.
  std::vector<SendResult> send(const std::vector<std::string>& tokens, const nlohmann::ordered_json& data);

 private:
  std::vector<SendResult> sendLegacy(const std::vector<std::string>& tokens, const nlohmann::ordered_json& data);
  SendResult sendV1(const std::string& token, const nlohmann::ordered_json& data);
  FcmTarget target_;
};

}  // namespace oxh::facade::pns
