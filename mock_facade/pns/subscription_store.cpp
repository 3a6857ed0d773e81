#include "mock_facade/pns/subscription_store.hpp"

#include <algorithm>
#include <cctype>

namespace oxh::facade::pns {

std::optional<std::string> canonicalTransport(const std::string& transport) {
  // KnownTransport (ox.md 2.6): "apns" is an alias of "apn".
  if (transport == "apn" || transport == "apns") {
    return std::string("apn");
  }
  if (transport == "gcm" || transport == "apns_http2" || transport == "wns" || transport == "websocket" ||
      transport == "webhook") {
    return transport;
  }
  return std::nullopt;
}

std::string topicError(const std::string& topic) {
  if (topic.empty()) {
    return "empty topic";
  }
  if (topic == "*") {
    return {};
  }
  std::string_view body = topic;
  if (body.size() > 2 && body.substr(body.size() - 2) == ":*") {
    body.remove_suffix(2);
  }
  if (body.front() == ':' || body.back() == ':') {
    return "topic must not begin or end with ':'";
  }
  char previous = 0;
  for (char c : body) {
    if (c == ':') {
      if (previous == ':') {
        return "topic must not contain '::'";
      }
    } else if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-') {
      return std::string("invalid character '") + c + "' in topic";
    }
    previous = c;
  }
  return {};
}

bool topicMatches(const std::string& subscribed, const std::string& topic) {
  if (subscribed == "*" || subscribed == topic) {
    return true;
  }
  if (subscribed.size() > 2 && subscribed.compare(subscribed.size() - 2, 2, ":*") == 0) {
    const auto prefix = subscribed.substr(0, subscribed.size() - 1);  // keeps the ':'
    return topic.size() > prefix.size() && topic.compare(0, prefix.size(), prefix) == 0;
  }
  return false;
}

bool Subscription::covers(const std::string& topic) const {
  return std::any_of(topics.begin(), topics.end(), [&](const auto& t) { return topicMatches(t, topic); });
}

nlohmann::json Subscription::toJson() const {
  return {{"user_id", userId}, {"context_id", contextId}, {"client", client}, {"transport", transport},
          {"token", token},    {"topics", topics},        {"meta", meta},     {"expires", expires}};
}

std::optional<Subscription> SubscriptionStore::subscribe(Subscription subscription) {
  std::lock_guard lock(mutex_);
  std::optional<Subscription> takenOver;
  auto it = std::find_if(subscriptions_.begin(), subscriptions_.end(), [&](const Subscription& s) {
    return s.client == subscription.client && s.transport == subscription.transport && s.token == subscription.token;
  });
  if (it != subscriptions_.end()) {
    if (it->userId != subscription.userId || it->contextId != subscription.contextId) {
      takenOver = *it;
    }
    *it = std::move(subscription);
  } else {
    subscriptions_.push_back(std::move(subscription));
  }
  return takenOver;
}

std::optional<Subscription> SubscriptionStore::unsubscribe(std::int64_t userId, std::int64_t contextId,
                                                           const std::string& client, const std::string& transport,
                                                           const std::string& token) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(subscriptions_.begin(), subscriptions_.end(), [&](const Subscription& s) {
    return s.userId == userId && s.contextId == contextId && s.client == client && s.transport == transport &&
           s.token == token;
  });
  if (it == subscriptions_.end()) {
    return std::nullopt;
  }
  auto removed = *it;
  subscriptions_.erase(it);
  return removed;
}

std::vector<Subscription> SubscriptionStore::removeToken(const std::string& transport, const std::string& token) {
  std::lock_guard lock(mutex_);
  std::vector<Subscription> removed;
  std::erase_if(subscriptions_, [&](const Subscription& s) {
    if (s.transport == transport && s.token == token) {
      removed.push_back(s);
      return true;
    }
    return false;
  });
  return removed;
}

std::size_t SubscriptionStore::replaceToken(const std::string& transport, const std::string& oldToken,
                                            const std::string& newToken) {
  std::lock_guard lock(mutex_);
  std::size_t changed = 0;
  for (auto& s : subscriptions_) {
    if (s.transport == transport && s.token == oldToken) {
      s.token = newToken;
      ++changed;
    }
  }
  // Two subscriptions of one client may now share the canonical token: keep the first.
  std::vector<Subscription> unique;
  for (auto& s : subscriptions_) {
    const bool duplicate = std::any_of(unique.begin(), unique.end(), [&](const Subscription& kept) {
      return kept.client == s.client && kept.transport == s.transport && kept.token == s.token;
    });
    if (!duplicate) {
      unique.push_back(std::move(s));
    }
  }
  subscriptions_ = std::move(unique);
  return changed;
}

std::vector<Subscription> SubscriptionStore::matching(std::int64_t userId, std::int64_t contextId,
                                                      const std::string& topic) const {
  std::lock_guard lock(mutex_);
  std::vector<Subscription> out;
  for (const auto& s : subscriptions_) {
    if (s.userId == userId && s.contextId == contextId && s.covers(topic)) {
      out.push_back(s);
    }
  }
  return out;
}

std::vector<Subscription> SubscriptionStore::forUser(std::int64_t userId, std::int64_t contextId) const {
  std::lock_guard lock(mutex_);
  std::vector<Subscription> out;
  for (const auto& s : subscriptions_) {
    if (s.userId == userId && s.contextId == contextId) {
      out.push_back(s);
    }
  }
  return out;
}

std::vector<Subscription> SubscriptionStore::all() const {
  std::lock_guard lock(mutex_);
  return subscriptions_;
}

void SubscriptionStore::clear() {
  std::lock_guard lock(mutex_);
  subscriptions_.clear();
}

}  // namespace oxh::facade::pns
