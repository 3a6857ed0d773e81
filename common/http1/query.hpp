#pragma once
// application/x-www-form-urlencoded query strings (the part of a target after '?'), as the
// control plane and the fakes' REST endpoints read them. Thread: free functions.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oxh::http1 {

using QueryList = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes everything but RFC 3986 unreserved characters (ALPHA DIGIT - . _ ~), so the
// result is safe as a query value and as a form field.
std::string percentEncode(std::string_view text);
// Percent-decodes (and '+' to space, per the form encoding); invalid escapes are kept verbatim.
std::string percentDecode(std::string_view text);
// "a=1&b=&c" -> {a,1},{b,""},{c,""}; order kept.
QueryList parseQuery(std::string_view query);
std::optional<std::string> queryParam(const QueryList& query, std::string_view name);

}  // namespace oxh::http1
