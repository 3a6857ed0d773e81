#pragma once
// Identifiers in FCM's answers, shaped like real captures (push.md §4, §5):
// multicast_id is a 64-bit integer above 2^53 (JavaScript clients lose precision, which is
// part of what a fake must reproduce); legacy message ids look like "0:1673874427017057%7b0e42f9f9fd7ecd".
// Thread: thread-local generators.
#include <cstdint>
#include <string>

namespace oxh::push::fcm {

std::uint64_t multicastId();
std::string legacyMessageId();
std::uint64_t topicMessageId();
// v1: "0:1500415314455276%31bd1c9631bd1c96" (used after "projects/{p}/messages/").
std::string v1MessageId();

}  // namespace oxh::push::fcm
