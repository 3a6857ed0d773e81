#include "mock_dovecot/imap/imap_arg.hpp"

#include <algorithm>
#include <cctype>

namespace oxh::dovecot::imap {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string toUpper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string toLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ImapArg::isNil() const { return type == Type::kAtom && iequals(value, "NIL"); }

bool ImapArg::isAtom(std::string_view word) const { return type == Type::kAtom && iequals(value, word); }

std::optional<std::string> ImapArg::astring() const {
  if (type == Type::kList) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> ImapArg::nstring(bool& ok) const {
  ok = true;
  if (isNil()) {
    return std::nullopt;
  }
  if (isString()) {
    return value;
  }
  ok = false;
  return std::nullopt;
}

std::string ImapArg::describe() const {
  switch (type) {
    case Type::kAtom:
      return value;
    case Type::kQuoted: {
      std::string out = "\"";
      for (char c : value) {
        if (c == '"' || c == '\\') {
          out += '\\';
        }
        out += c;
      }
      return out + "\"";
    }
    case Type::kLiteral:
      return std::string(literal8 ? "~" : "") + "{" + std::to_string(value.size()) + "}";
    case Type::kList:
      return "(" + describeArgs(list) + ")";
  }
  return {};
}

std::string describeArgs(const ImapArgs& args) {
  std::string out;
  for (const auto& arg : args) {
    if (!out.empty()) {
      out += ' ';
    }
    out += arg.describe();
  }
  return out;
}

}  // namespace oxh::dovecot::imap
