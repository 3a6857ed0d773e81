#include "mock_dovecot/imap/imap_quote.hpp"

#include <algorithm>

#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

namespace {

bool isAstringChar(unsigned char c) {
  // RFC 3501 ASTRING-CHAR: ATOM-CHAR or "]".
  if (c <= 0x20 || c >= 0x7f) {
    return false;
  }
  switch (c) {
    case '(':
    case ')':
    case '{':
    case '%':
    case '*':
    case '"':
    case '\\':
      return false;
    default:
      return true;
  }
}

constexpr std::pair<std::uint8_t, std::string_view> kSystemFlags[] = {
    {kFlagAnswered, "\\Answered"}, {kFlagFlagged, "\\Flagged"}, {kFlagDeleted, "\\Deleted"},
    {kFlagSeen, "\\Seen"},         {kFlagDraft, "\\Draft"}};

}  // namespace

std::string literal(std::string_view value) { return "{" + std::to_string(value.size()) + "}\r\n" + std::string(value); }

std::string quoted(std::string_view value) {
  if (std::any_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return c == '\r' || c == '\n' || c == '\0' || u >= 0x80;
      })) {
    return literal(value);
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

std::string astring(std::string_view value) {
  if (!value.empty() && !iequals(value, "NIL") &&
      std::all_of(value.begin(), value.end(), [](char c) { return isAstringChar(static_cast<unsigned char>(c)); })) {
    return std::string(value);
  }
  return quoted(value);
}

std::string flagList(const MessageFlags& flags, bool recent) {
  std::string out;
  auto add = [&out](std::string_view word) {
    if (!out.empty()) {
      out += ' ';
    }
    out += word;
  };
  for (const auto& [bit, name] : kSystemFlags) {
    if ((flags.system & bit) != 0) {
      add(name);
    }
  }
  if (recent) {
    add("\\Recent");
  }
  for (const auto& keyword : flags.keywords) {
    add(keyword);
  }
  return out;
}

bool parseFlag(std::string_view word, MessageFlags& flags, std::string& error) {
  if (!word.empty() && word.front() == '\\') {
    for (const auto& [bit, name] : kSystemFlags) {
      if (iequals(word, name)) {
        flags.system = static_cast<std::uint8_t>(flags.system | bit);
        return true;
      }
    }
    error = "Invalid system flag " + toUpper(word);
    return false;
  }
  if (std::find(flags.keywords.begin(), flags.keywords.end(), word) == flags.keywords.end()) {
    flags.keywords.emplace_back(word);
  }
  return true;
}

}  // namespace oxh::dovecot::imap
