#pragma once
// One parsed IMAP argument (RFC 3501 section 4): atom, quoted string, literal or list. NIL is
// an atom "NIL" (as in Dovecot's parser, which types it after the fact); use isNil().
// Thread: value type.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::dovecot::imap {

struct ImapArg {
  enum class Type { kAtom, kQuoted, kLiteral, kList };

  Type type = Type::kAtom;
  std::string value;          // atom text, unescaped quoted text, or literal bytes
  std::vector<ImapArg> list;  // for kList
  bool literal8 = false;      // ~{n} (RFC 3516)

  [[nodiscard]] bool isList() const { return type == Type::kList; }
  [[nodiscard]] bool isAtom() const { return type == Type::kAtom; }
  [[nodiscard]] bool isString() const { return type == Type::kQuoted || type == Type::kLiteral; }
  [[nodiscard]] bool isNil() const;
  // Case-insensitive comparison of an atom with `word`.
  [[nodiscard]] bool isAtom(std::string_view word) const;
  // astring (atom, quoted or literal); nullopt for lists.
  [[nodiscard]] std::optional<std::string> astring() const;
  // nstring: string, or nullopt for NIL; `ok` is false for anything else.
  [[nodiscard]] std::optional<std::string> nstring(bool& ok) const;
  // The argument as a client could have written it (for journals): literals abbreviated.
  [[nodiscard]] std::string describe() const;
};

using ImapArgs = std::vector<ImapArg>;

std::string describeArgs(const ImapArgs& args);
bool iequals(std::string_view a, std::string_view b);
std::string toUpper(std::string_view text);
std::string toLower(std::string_view text);

}  // namespace oxh::dovecot::imap
