#pragma once
// Single-header rules of the APNs provider API (push.md §1.2, §1.3; Apple [A1]). Each returns
// whether the value is acceptable; the order in which they are applied is request_validator's.
// Thread: pure functions.
#include <optional>
#include <string>
#include <string_view>

namespace oxh::push::apns {

// apns-collapse-id: "must not exceed 64 bytes" [A1].
inline constexpr std::size_t kMaxCollapseIdBytes = 64;
// [A1]: 4096 bytes for regular notifications, 5120 for VoIP.
inline constexpr std::size_t kMaxPayloadBytes = 4096;
inline constexpr std::size_t kMaxVoipPayloadBytes = 5120;

// apns-priority: 10, 5 or 1 [A1].
bool validPriority(std::string_view value);
// apns-push-type: alert, background, location, voip, complication, fileprovider, mdm,
// liveactivity, pushtotalk, widgets, controls [A1].
bool validPushType(std::string_view value);
// apns-expiration: a UNIX epoch in seconds ("0": deliver once, do not store) [A1]. A non-number
// is BadExpirationDate; Apple does not say what a past date does (treated as "do not store").
bool validExpiration(std::string_view value);
// apns-topic: a bundle id, optionally with a push-type suffix. Apple does not publish a syntax;
// the fake calls empty values and values with whitespace or control characters BadTopic
// (UNCONFIRMED what APNs checks beyond that).
bool validTopicSyntax(std::string_view value);

enum class DevicePath { Token, MissingToken, BadPath };
// "/3/device/<token>" -> Token (with the token), "/3/device/" -> MissingToken, else BadPath.
DevicePath parseDevicePath(std::string_view path, std::string& token);

// Device tokens are hex. Strict: exactly 64 hex digits, as Pushy's mock and JavaPNS check.
// Lenient (the default, push.md §1.6: "don't make assumptions about device token size"): a
// non-empty, even number of hex digits.
bool validDeviceToken(std::string_view token, bool strictLength);

// The payload limit for a push type (VoIP gets 5120).
std::size_t payloadLimitFor(const std::optional<std::string>& pushType);

}  // namespace oxh::push::apns
