#pragma once
// Java .properties files as the OX middleware reads them (java.util.Properties.load): lines
// "key=value", "key: value" or "key value"; '#' and '!' comments; a trailing backslash
// continues the line; leading whitespace of values is dropped; \t \n \uXXXX escapes.
// Thread: pure functions; value types.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::facade::pns {

using JavaProperties = std::map<std::string, std::string>;

JavaProperties parseJavaProperties(std::string_view text);

// Reads a file; throws OxhException [oxh.pns.config] when it cannot be read.
std::string readConfigFile(const std::string& path);

// OX's list syntax for patterns: "USM-EAS*", "open-xchange-mobile-api-facade*" (quoted or not,
// comma separated).
std::vector<std::string> parseQuotedList(std::string_view value);

// Java's Boolean.parseBoolean: true only for "true" (any case), after trimming.
bool parseJavaBoolean(std::string_view value);

// Glob with '*' (any run) and '?' (one char), as the middleware's client patterns.
bool wildcardMatch(std::string_view pattern, std::string_view text);

}  // namespace oxh::facade::pns
