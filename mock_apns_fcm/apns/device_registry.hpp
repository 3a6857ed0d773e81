#pragma once
// The fake APNs's device tokens: each is registered for one topic (bundle id, possibly with a
// push-type suffix) in one environment, and may be unregistered since a time (answered with
// 410 Unregistered and that time as "timestamp", push.md §1.7). APNs device tokens are
// per environment: a sandbox token sent to production is BadDeviceToken [A2].
// Thread: safe from any thread (one mutex).
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace oxh::push::apns {

enum class Environment { Sandbox, Production };
[[nodiscard]] std::string_view environmentName(Environment environment);  // "sandbox" / "production"
[[nodiscard]] std::optional<Environment> environmentFromName(std::string_view name);

struct DeviceEntry {
  std::string topic;
  Environment environment = Environment::Sandbox;
  std::optional<std::chrono::system_clock::time_point> unregisteredSince;
};

class DeviceRegistry {
 public:
  // Tokens are compared case-insensitively (hex), as APNs treats them.
  void add(const std::string& token, const std::string& topic, Environment environment);
  // Marks a known token unregistered since `since`; returns false for unknown tokens.
  bool unregister(const std::string& token, std::chrono::system_clock::time_point since);
  [[nodiscard]] std::optional<DeviceEntry> find(const std::string& token) const;
  [[nodiscard]] std::size_t size() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, DeviceEntry> devices_;
};

}  // namespace oxh::push::apns
