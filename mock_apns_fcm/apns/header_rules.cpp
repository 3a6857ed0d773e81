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

struct SuffixRow {
  std::string_view pushType;
  std::string_view suffix;
};
// [A1] / push.md §1.3. ".voip-ptt" and ".voip" do not end one another, so order is free.
constexpr std::array<SuffixRow, 8> kTopicSuffixes{{{"voip", ".voip"},
                                                   {"complication", ".complication"},
                                                   {"fileprovider", ".pushkit.fileprovider"},
                                                   {"location", ".location-query"},
                                                   {"liveactivity", ".push-type.liveactivity"},
                                                   {"pushtotalk", ".voip-ptt"},
                                                   {"widgets", ".push-type.widgets"},
                                                   {"controls", ".push-type.controls"}}};

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

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

std::optional<std::string_view> topicSuffixFor(std::string_view pushType) {
  for (const auto& row : kTopicSuffixes) {
    if (row.pushType == pushType) {
      return row.suffix;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> pushTypeForTopic(std::string_view topic) {
  for (const auto& row : kTopicSuffixes) {
    if (endsWith(topic, row.suffix)) {
      return row.pushType;
    }
  }
  return std::nullopt;
}

PushTypePairing checkPushTypePairing(const std::optional<std::string>& pushType, std::string_view topic) {
  if (!pushType) {
    return PushTypePairing::Ok;
  }
  const auto named = pushTypeForTopic(topic);
  if (named && *named != *pushType) {
    return PushTypePairing::InvalidPushType;
  }
  if (const auto suffix = topicSuffixFor(*pushType); suffix && !endsWith(topic, *suffix)) {
    return PushTypePairing::DeviceTokenNotForTopic;
  }
  return PushTypePairing::Ok;
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
  if (std::any_of(rest.begin(), rest.end(), [](char c) { return c == '/' || c == '?' || c == '#'; })) {
    return DevicePath::BadPath;
  }
  token.assign(rest);
  return DevicePath::Token;
}

bool validDeviceToken(std::string_view token, bool strictLength) {
  // [0-9A-Fa-f], as std::isxdigit in the "C" locale, without a call per character.
  const bool hex = std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
  if (!hex || token.empty()) {
    return false;
  }
  return strictLength ? token.size() == 64 : token.size() % 2 == 0;
}

std::size_t payloadLimitFor(const std::optional<std::string>& pushType) {
  return pushType && *pushType == "voip" ? kMaxVoipPayloadBytes : kMaxPayloadBytes;
}

}  // namespace oxh::push::apns
