#pragma once
// The fake FCM's world: server keys (legacy `Authorization: key=`), OAuth bearer tokens (v1),
// registration tokens with their sender (project) and state, and one-shot faults.
// Token states follow the legacy error table (push.md §4, Google [G1]): valid, NotRegistered
// (uninstalled app), canonical (the app re-registered: results carry "registration_id").
// Thread: safe from any thread (one mutex each).
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace oxh::push::fcm {

struct FcmDevice {
  std::string sender;       // sender id / project the token belongs to
  bool registered = true;   // false: NotRegistered (legacy) / UNREGISTERED (v1)
  std::string canonicalId;  // non-empty: the token's canonical replacement
};

class FcmRegistry {
 public:
  // A legacy server key and the sender id it belongs to.
  void addServerKey(const std::string& key, const std::string& sender);
  [[nodiscard]] std::optional<std::string> senderForKey(const std::string& key) const;
  // v1 OAuth access tokens accepted; none registered = any non-empty bearer token passes.
  void addAccessToken(const std::string& token);
  [[nodiscard]] bool accessTokenValid(const std::string& token) const;
  // The token the OAuth stand-in hands out: the first registered one, else `fallback`.
  [[nodiscard]] std::string issuedAccessToken(const std::string& fallback) const;

  void addDevice(const std::string& token, FcmDevice device);
  [[nodiscard]] std::optional<FcmDevice> findDevice(const std::string& token) const;
  [[nodiscard]] std::size_t deviceCount() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> serverKeys_;
  std::set<std::string> accessTokens_;
  std::map<std::string, FcmDevice> devices_;
};

// A one-shot fault: either the whole request answers `status` (5xx with Retry-After, say), or
// one token's result carries `error` (legacy) / the v1 request for that token fails.
struct FcmFault {
  std::string token;  // empty = the next request, whatever its tokens
  int status = 0;     // non-zero: answer the whole request with this HTTP status
  std::string error;  // per-token legacy error ("Unavailable", "InternalServerError", ...)
  std::optional<int> retryAfterSeconds;
  int count = 1;

  // {"token","status","error","retry_after","count"}; throws OxhException [oxh.fcm.fault].
  static FcmFault fromJson(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json toJson() const;
};

class FcmFaults {
 public:
  void arm(FcmFault fault);
  // A whole-request fault (status set) for any of these tokens, used once.
  std::optional<FcmFault> takeRequestFault(const std::vector<std::string>& tokens);
  // A per-token fault (error set) for this token, used once.
  std::optional<FcmFault> takeTokenFault(const std::string& token);
  void clear();

 private:
  std::optional<FcmFault> take(const std::function<bool(const FcmFault&)>& matches);
  mutable std::mutex mutex_;
  std::vector<FcmFault> armed_;
};

}  // namespace oxh::push::fcm
