#pragma once
// How a message body goes into JSON (journals, reports): text when it is valid UTF-8, base64
// otherwise (nlohmann::json refuses to dump invalid UTF-8), plus the parsed value when the
// content type is JSON, so matchers can address fields directly.
// Thread: free functions.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace oxh::http1 {

bool isValidUtf8(std::string_view text);
std::string base64Encode(std::string_view bytes);
// Adds "body" (or "bodyBase64") and, for a JSON content type that parses, "json" to `out`.
void addBodyJson(nlohmann::json& out, const std::string& body, const std::string& contentType);

}  // namespace oxh::http1
