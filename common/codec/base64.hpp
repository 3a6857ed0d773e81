#pragma once
// Base64 (RFC 4648 section 4) for HTTP Basic credentials and similar small values.
// Thread: pure functions.
#include <string>
#include <string_view>

namespace oxh::codec {

std::string base64Encode(std::string_view bytes);
// Decodes as far as the input is valid base64; stops at the first invalid character.
std::string base64Decode(std::string_view text);

}  // namespace oxh::codec
