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

// Push types whose topic is the bundle id plus a suffix ([A1], push.md §1.3): voip ".voip",
// complication ".complication", fileprovider ".pushkit.fileprovider", location
// ".location-query", liveactivity ".push-type.liveactivity", pushtotalk ".voip-ptt", widgets
// ".push-type.widgets", controls ".push-type.controls". nullopt for alert, background and mdm
// (bundle id / the MDM certificate's UID).
std::optional<std::string_view> topicSuffixFor(std::string_view pushType);
// The push type a topic's suffix names ("com.x.voip" -> "voip"), nullopt for a plain bundle id.
std::optional<std::string_view> pushTypeForTopic(std::string_view topic);

// Whether apns-push-type and apns-topic agree. Apple documents the pairing but not the answer
// to a mismatch; what providers report from production APNs (GitHub issues, not Apple docs):
//  - a ".voip" topic with apns-push-type alert or background -> 400 InvalidPushType
//    (ostinelli/apnotic#87, sideshow/apns2#149, AndrewBarba/apns2#23);
//  - apns-push-type voip with the plain bundle id as topic -> 400 DeviceTokenNotForTopic
//    (edamov/pushok#108, laravel-notification-channels/apn#88).
// The other suffixed types are assumed to behave as voip does (UNCONFIRMED). Without an
// apns-push-type header there is nothing to pair (APNs infers the type; sideshow/apns2#149).
enum class PushTypePairing { Ok, InvalidPushType, DeviceTokenNotForTopic };
PushTypePairing checkPushTypePairing(const std::optional<std::string>& pushType, std::string_view topic);

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
