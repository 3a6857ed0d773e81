#include "mock_apns_fcm/fcm/payload_rules.hpp"

#include <cctype>

namespace oxh::push::fcm {

bool reservedDataKey(const std::string& key) {
  return key == "from" || key == "message_type" || key.rfind("google", 0) == 0 || key.rfind("gcm", 0) == 0;
}

std::optional<std::string> firstReservedKey(const nlohmann::json& data) {
  if (!data.is_object()) {
    return std::nullopt;
  }
  for (const auto& [key, value] : data.items()) {
    if (reservedDataKey(key)) {
      return key;
    }
  }
  return std::nullopt;
}

bool allStringValues(const nlohmann::json& data) {
  if (!data.is_object()) {
    return true;
  }
  for (const auto& [key, value] : data.items()) {
    if (!value.is_string()) {
      return false;
    }
  }
  return true;
}

std::size_t messageBytes(const nlohmann::json& data, const nlohmann::json& notification) {
  std::size_t bytes = 0;
  if (!data.is_null()) {
    bytes += data.dump().size();
  }
  if (!notification.is_null()) {
    bytes += notification.dump().size();
  }
  return bytes;
}

std::optional<std::int64_t> parseDurationSeconds(const std::string& text) {
  if (text.size() < 2 || text.back() != 's') {
    return std::nullopt;
  }
  std::int64_t seconds = 0;
  std::size_t i = 0;
  for (; i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0; ++i) {
    if (i > 12) {
      return std::nullopt;
    }
    seconds = seconds * 10 + (text[i] - '0');
  }
  if (i == 0) {
    return std::nullopt;
  }
  if (text[i] == '.') {
    const auto start = ++i;
    for (; i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0; ++i) {
    }
    if (i == start || i - start > 9) {
      return std::nullopt;
    }
  }
  return i + 1 == text.size() ? std::optional(seconds) : std::nullopt;
}

}  // namespace oxh::push::fcm
