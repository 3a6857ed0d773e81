#pragma once
// IMAP response tokens (RFC 3501 section 9 grammar, loosely): atoms, quoted strings,
// literals, NIL, parenthesized lists and bracketed response codes. Used to match server
// responses against imaptest-like patterns; not a validating parser.
// Thread: pure functions.
#include <string>
#include <string_view>
#include <vector>

namespace oxh::clients::imap {

struct Token {
  enum class Type { Atom, Quoted, Literal, List, Bracket };
  Type type = Type::Atom;
  std::string text;             // value for Atom/Quoted/Literal (literal contents, unquoted string)
  std::vector<Token> children;  // List and Bracket

  [[nodiscard]] std::string str() const;  // back to a readable IMAP-ish form
};

// Tokenizes one response with literals inline ("{5}\r\nhello" becomes a Literal "hello").
// Never throws: unbalanced lists are closed at the end, stray bytes become atoms.
std::vector<Token> tokenize(std::string_view line);

}  // namespace oxh::clients::imap
