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

// Percent-decodes (and '+' to space, per the form encoding); invalid escapes are kept verbatim.
std::string percentDecode(std::string_view text);
// "a=1&b=&c" -> {a,1},{b,""},{c,""}; order kept.
QueryList parseQuery(std::string_view query);
std::optional<std::string> queryParam(const QueryList& query, std::string_view name);

}  // namespace oxh::http1
