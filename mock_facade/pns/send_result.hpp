#pragma once
// What a sender reports for one device token, and what the dispatcher then does with the
// subscription (push.md 3, ox.md 4.6): remove it (APNs 410 with a timestamp, legacy status 8
// or 5, FCM NotRegistered and other per-token errors), replace its token (FCM canonical
// registration_id), or keep it.
// Thread: value type.
#include <nlohmann/json.hpp>
#include <string>

namespace oxh::facade::pns {

struct SendResult {
  std::string token;
  bool delivered = false;
  int status = 0;      // HTTP status, legacy APNs error status, 0 when nothing was answered
  std::string reason;  // APNs reason / FCM error / local error text; empty on success
  bool removeSubscription = false;
  std::string newToken;                              // canonical id replacing `token`
  nlohmann::json detail = nlohmann::json::object();  // wire facts for the journal

  [[nodiscard]] nlohmann::json toJson() const {
    return {{"token", token},   {"delivered", delivered},       {"status", status},
            {"reason", reason}, {"remove", removeSubscription}, {"new_token", newToken},
            {"detail", detail}};
  }
};

}  // namespace oxh::facade::pns
