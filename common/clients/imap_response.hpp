#pragma once
// Small pure helpers of the IMAP client: classifying a response line, finding the literal a
// line announces, and making lines fit for transcripts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::clients::imap {

struct ParsedResponse {
  std::string type;    // "untagged" (* ...), "continuation" (+ ...), "tagged"
  std::string tag;     // tagged only
  std::string status;  // OK/NO/BAD/PREAUTH/BYE when the line has one, upper-cased
};

ParsedResponse parseResponse(std::string_view line);
// A chunk ending in "{n}\r\n", "{n+}\r\n" or "~{n}\r\n" announces n literal bytes.
std::optional<std::size_t> literalSizeAtEnd(std::string_view chunk);
// Control bytes shown as \r, \n, \xNN; long lines cut with their length noted.
std::string printable(std::string_view line, std::size_t limit = 400);
// "a1 LOGIN user secret" -> "a1 LOGIN user ***" (also AUTHENTICATE PLAIN initial responses).
std::string maskSecrets(std::string_view line);
// "a1 SETMETADATA x (/p {3}\r\nabc)" -> ["a1 SETMETADATA x (/p {3}\r\n", "abc)"]; LITERAL+ ({3+}) is not split.
std::vector<std::string> splitAtSynchronizingLiterals(std::string_view command);

}  // namespace oxh::clients::imap
