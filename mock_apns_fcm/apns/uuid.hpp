#pragma once
// apns-id values: Apple documents "a canonical UUID ... 32 lowercase hexadecimal digits in five
// groups 8-4-4-4-12" and generates one when the request has none (push.md §1.2).
// Thread: generateUuid uses a thread-local generator.
#include <string>
#include <string_view>

namespace oxh::push::apns {

// A random (version 4) UUID in lowercase canonical form.
std::string generateUuid();
// 8-4-4-4-12 hex digits. Upper case is accepted too: Pushy's mock parses with
// java.util.UUID.fromString, which does; whether APNs rejects it is UNCONFIRMED.
bool isCanonicalUuid(std::string_view text);

}  // namespace oxh::push::apns
