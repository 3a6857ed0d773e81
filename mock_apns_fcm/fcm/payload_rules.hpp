#pragma once
// Message rules FCM legacy and v1 share (push.md §4, §5; Google [G1], [G2]).
// Thread: pure functions.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace oxh::push::fcm {

// [G1]: time_to_live is 0..2,419,200 s (4 weeks, the default).
inline constexpr std::int64_t kMaxTtlSeconds = 2419200;
// [G1]: messages up to 4096 bytes (topics: 2048).
inline constexpr std::size_t kMaxMessageBytes = 4096;
inline constexpr std::size_t kMaxTopicMessageBytes = 2048;
// [G1]: registration_ids takes 1..1000 tokens.
inline constexpr std::size_t kMaxRegistrationIds = 1000;

// A data key FCM reserves: "from", "message_type", and anything starting with "google" or
// "gcm" [G1] (v1 words it "google.*", "gcm.notification.*"; the prefix rule covers both).
bool reservedDataKey(const std::string& key);
// The first reserved key of a data object, if any.
std::optional<std::string> firstReservedKey(const nlohmann::json& data);
// True when every value of the data object is a string.
bool allStringValues(const nlohmann::json& data);
// The size FCM counts against the limit: the serialized data and notification objects.
std::size_t messageBytes(const nlohmann::json& data, const nlohmann::json& notification);
// A protobuf Duration string "3600s" / "1.5s" -> whole seconds; nullopt when malformed.
std::optional<std::int64_t> parseDurationSeconds(const std::string& text);

}  // namespace oxh::push::fcm
