#include "mock_apns_fcm/fcm/fcm_registry.hpp"

#include <algorithm>
#include <functional>

#include "common/error/error.hpp"

namespace oxh::push::fcm {

void FcmRegistry::addServerKey(const std::string& key, const std::string& sender) {
  std::lock_guard lock(mutex_);
  serverKeys_[key] = sender;
}

std::optional<std::string> FcmRegistry::senderForKey(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = serverKeys_.find(key);
  return it == serverKeys_.end() ? std::nullopt : std::optional(it->second);
}

void FcmRegistry::addAccessToken(const std::string& token) {
  std::lock_guard lock(mutex_);
  accessTokens_.insert(token);
}

bool FcmRegistry::accessTokenValid(const std::string& token) const {
  std::lock_guard lock(mutex_);
  return !token.empty() && (accessTokens_.empty() || accessTokens_.count(token) > 0);
}

std::string FcmRegistry::issuedAccessToken(const std::string& fallback) const {
  std::lock_guard lock(mutex_);
  return accessTokens_.empty() ? fallback : *accessTokens_.begin();
}

void FcmRegistry::addDevice(const std::string& token, FcmDevice device) {
  std::lock_guard lock(mutex_);
  devices_[token] = std::move(device);
}

std::optional<FcmDevice> FcmRegistry::findDevice(const std::string& token) const {
  std::lock_guard lock(mutex_);
  const auto it = devices_.find(token);
  return it == devices_.end() ? std::nullopt : std::optional(it->second);
}

std::size_t FcmRegistry::deviceCount() const {
  std::lock_guard lock(mutex_);
  return devices_.size();
}

FcmFault FcmFault::fromJson(const nlohmann::json& json) {
  if (!json.is_object()) {
    throw OxhException(Error("oxh.fcm.fault", "a fault is a JSON object"));
  }
  FcmFault fault;
  try {
    fault.token = json.value("token", "");
    fault.status = json.value("status", 0);
    fault.error = json.value("error", "");
    if (json.contains("retry_after")) {
      fault.retryAfterSeconds = json["retry_after"].get<int>();
    }
    fault.count = json.value("count", 1);
  } catch (const nlohmann::json::exception& error) {
    throw OxhException(Error("oxh.fcm.fault", std::string("bad fault field: ") + error.what()));
  }
  if ((fault.status == 0) == fault.error.empty() || fault.count < 1) {
    throw OxhException(Error("oxh.fcm.fault", "a fault has exactly one of status / error, and count >= 1"));
  }
  return fault;
}

nlohmann::json FcmFault::toJson() const {
  nlohmann::json out{{"token", token}, {"status", status}, {"error", error}, {"count", count}};
  if (retryAfterSeconds) {
    out["retry_after"] = *retryAfterSeconds;
  }
  return out;
}

void FcmFaults::arm(FcmFault fault) {
  std::lock_guard lock(mutex_);
  armed_.push_back(std::move(fault));
}

std::optional<FcmFault> FcmFaults::take(const std::function<bool(const FcmFault&)>& matches) {
  std::lock_guard lock(mutex_);
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (matches(*it)) {
      auto used = *it;
      if (--it->count == 0) {
        armed_.erase(it);
      }
      used.count = 1;
      return used;
    }
  }
  return std::nullopt;
}

std::optional<FcmFault> FcmFaults::takeRequestFault(const std::vector<std::string>& tokens) {
  return take([&](const FcmFault& fault) {
    return fault.status != 0 &&
           (fault.token.empty() || std::find(tokens.begin(), tokens.end(), fault.token) != tokens.end());
  });
}

std::optional<FcmFault> FcmFaults::takeTokenFault(const std::string& token) {
  return take([&](const FcmFault& fault) { return fault.status == 0 && (fault.token.empty() || fault.token == token); });
}

void FcmFaults::clear() {
  std::lock_guard lock(mutex_);
  armed_.clear();
}

}  // namespace oxh::push::fcm
