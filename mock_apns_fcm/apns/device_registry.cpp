#include "mock_apns_fcm/apns/device_registry.hpp"

#include <algorithm>

namespace oxh::push::apns {

namespace {

// ASCII lower case (what std::tolower does in the "C" locale oxharness runs in), inline: this
// runs once per push (bench/apns_ratio.py).
std::string normalized(const std::string& token) {
  std::string out = token;
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

}  // namespace

std::string_view environmentName(Environment environment) {
  return environment == Environment::Sandbox ? "sandbox" : "production";
}

std::optional<Environment> environmentFromName(std::string_view name) {
  if (name == "sandbox" || name == "development") {
    return Environment::Sandbox;
  }
  if (name == "production") {
    return Environment::Production;
  }
  return std::nullopt;
}

void DeviceRegistry::add(const std::string& token, const std::string& topic, Environment environment) {
  std::lock_guard lock(mutex_);
  devices_[normalized(token)] = DeviceEntry{topic, environment, std::nullopt};
}

bool DeviceRegistry::unregister(const std::string& token, std::chrono::system_clock::time_point since) {
  std::lock_guard lock(mutex_);
  const auto it = devices_.find(normalized(token));
  if (it == devices_.end()) {
    return false;
  }
  it->second.unregisteredSince = since;
  return true;
}

std::optional<DeviceEntry> DeviceRegistry::find(const std::string& token) const {
  // A token already in lower case (what providers send) is looked up as is, without a copy.
  const bool lower = std::none_of(token.begin(), token.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  std::lock_guard lock(mutex_);
  const auto it = lower ? devices_.find(token) : devices_.find(normalized(token));
  if (it == devices_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::size_t DeviceRegistry::size() const {
  std::lock_guard lock(mutex_);
  return devices_.size();
}

void DeviceRegistry::clear() {
  std::lock_guard lock(mutex_);
  devices_.clear();
}

}  // namespace oxh::push::apns
