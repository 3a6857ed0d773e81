#pragma once
// PNS subscriptions (ox.md 2.6, 4.7): one per (client, transport, token), owned by one user,
// with its topics. A token subscribed by another user is taken over (the middleware's CONFLICT
// handling unregisters the old owner and retries). Topic names follow
// PushNotifications.validateTopicName: tokens of [A-Za-z0-9_-] separated by single ':', no
// leading or trailing ':'; "*" alone matches all topics and a ":*" suffix matches a prefix.
// Thread: SubscriptionStore is safe from any thread (one mutex); the rest are pure functions.
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace oxh::facade::pns {

// "apn" for "apn"/"apns", "gcm", ... ; nullopt for unknown transport ids.
std::optional<std::string> canonicalTransport(const std::string& transport);
// Empty when valid, else the reason.
std::string topicError(const std::string& topic);
// Whether a subscribed topic (maybe a wildcard) covers a concrete topic.
bool topicMatches(const std::string& subscribed, const std::string& topic);

struct Subscription {
  std::int64_t userId = 0;
  std::int64_t contextId = 0;
  std::string client;
  std::string transport;  // canonical ("apn", "gcm")
  std::string token;
  std::vector<std::string> topics;
  std::string meta;
  std::int64_t expires = 0;

  [[nodiscard]] bool covers(const std::string& topic) const;
  [[nodiscard]] nlohmann::json toJson() const;
};

class SubscriptionStore {
 public:
  // Adds or replaces; returns the subscription taken over from another user, if any.
  std::optional<Subscription> subscribe(Subscription subscription);
  // Removes the user's subscription for (client, transport, token); returns it when found.
  std::optional<Subscription> unsubscribe(std::int64_t userId, std::int64_t contextId, const std::string& client,
                                          const std::string& transport, const std::string& token);
  // Removes every subscription with this transport and token (Unregistered, NotRegistered).
  std::vector<Subscription> removeToken(const std::string& transport, const std::string& token);
  // A canonical registration id replaces the token; returns how many were changed.
  std::size_t replaceToken(const std::string& transport, const std::string& oldToken, const std::string& newToken);

  [[nodiscard]] std::vector<Subscription> matching(std::int64_t userId, std::int64_t contextId,
                                                   const std::string& topic) const;
  [[nodiscard]] std::vector<Subscription> forUser(std::int64_t userId, std::int64_t contextId) const;
  [[nodiscard]] std::vector<Subscription> all() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<Subscription> subscriptions_;
};

}  // namespace oxh::facade::pns
