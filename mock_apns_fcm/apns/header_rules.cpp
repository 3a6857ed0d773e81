#include "mock_apns_fcm/apns/header_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace oxh::push::apns {

namespace {

constexpr std::array<std::string_view, 11> kPushTypes{"alert",  "background",   "location", "voip",
                                                      "complication", "fileprovider", "mdm", "liveactivity",
                                                      "pushtotalk", "widgets", "controls"};
constexpr std::string_view kDevicePrefix = "/3/device/";

bool allDigits(std::string_view value) {
  return !value.empty() && std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

bool validPriority(std::string_view value) { return value == "10" || value == "5" || value == "1"; }

bool validPushType(std::string_view value) {
  return std::find(kPushTypes.begin(), kPushTypes.end(), value) != kPushTypes.end();
}

bool validExpiration(std::string_view value) { return allDigits(value) && value.size() <= 19; }

bool validTopicSyntax(std::string_view value) {
  return !value.empty() && std::none_of(value.begin(), value.end(), [](unsigned char c) {
    return std::isspace(c) != 0 || std::iscntrl(c) != 0;
  });
}

DevicePath parseDevicePath(std::string_view path, std::string& token) {
  // A query string is not part of the API; it makes the path a BadPath.
  if (path.compare(0, kDevicePrefix.size(), kDevicePrefix) != 0) {
    return DevicePath::BadPath;
  }
  const auto rest = path.substr(kDevicePrefix.size());
  if (rest.empty()) {
    return DevicePath::MissingToken;
  }
  if (rest.find_first_of("/?#") != std::string_view::npos) {
    return DevicePath::BadPath;
  }
  token.assign(rest);
  return DevicePath::Token;
}

bool validDeviceToken(std::string_view token, bool strictLength) {
  const bool hex = std::all_of(token.begin(), token.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
  if (!hex || token.empty()) {
    return false;
  }
  return strictLength ? token.size() == 64 : token.size() % 2 == 0;
}

std::size_t payloadLimitFor(const std::optional<std::string>& pushType) {
  return pushType && *pushType == "voip" ? kMaxVoipPayloadBytes : kMaxPayloadBytes;
}

}  // namespace oxh::push::apns
