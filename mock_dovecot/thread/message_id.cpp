#include "mock_dovecot/thread/message_id.hpp"

namespace oxh::dovecot::thread {
namespace {

bool isAtext(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x80) {
    return true;  // Dovecot's rfc822 parser accepts 8-bit atext
  }
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// Skips whitespace and (nested) comments; false at the end of input or an unclosed comment.
bool skipLwsp(std::string_view s, std::size_t& p) {
  while (p < s.size()) {
    if (s[p] == ' ' || s[p] == '\t' || s[p] == '\r' || s[p] == '\n') {
      ++p;
    } else if (s[p] == '(') {
      int depth = 0;
      for (; p < s.size(); ++p) {
        if (s[p] == '\\') {
          ++p;
        } else if (s[p] == '(') {
          ++depth;
        } else if (s[p] == ')' && --depth == 0) {
          ++p;
          break;
        }
      }
      if (depth != 0) {
        return false;
      }
    } else {
      return true;
    }
  }
  return false;
}

// dot-atom = atext *("." atext) with CFWS allowed around the dots (obsolete syntax).
bool parseDotAtom(std::string_view s, std::size_t& p, std::string& out) {
  if (p >= s.size() || !isAtext(s[p])) {
    return false;
  }
  for (;;) {
    while (p < s.size() && isAtext(s[p])) {
      out += s[p++];
    }
    std::size_t q = p;
    if (!skipLwsp(s, q) || s[q] != '.') {
      p = q;
      return true;
    }
    out += '.';
    p = q + 1;
    if (!skipLwsp(s, p) || !isAtext(s[p])) {
      return false;
    }
  }
}

bool parseQuoted(std::string_view s, std::size_t& p, std::string& out) {
  for (++p; p < s.size(); ++p) {
    if (s[p] == '"') {
      ++p;
      return skipLwsp(s, p) || p == s.size();
    }
    if (s[p] == '\\' && p + 1 < s.size()) {
      ++p;
    }
    if (s[p] != '\r' && s[p] != '\n') {
      out += s[p];
    }
  }
  return false;
}

// The slow path: msg-id = [CFWS] "<" id-left "@" id-right ">" starting after "<".
std::optional<std::string> parseUntokenized(std::string_view s, std::size_t& p) {
  std::size_t q = p;
  std::string id;
  if (!skipLwsp(s, q)) {
    return std::nullopt;
  }
  const bool ok = s[q] == '"' ? parseQuoted(s, q, id) : parseDotAtom(s, q, id);
  if (!ok || q >= s.size() || s[q] != '@') {
    return std::nullopt;
  }
  id += '@';
  ++q;
  if (!skipLwsp(s, q) || !parseDotAtom(s, q, id) || q >= s.size() || s[q] != '>') {
    return std::nullopt;
  }
  p = q + 1;
  return id;
}

}  // namespace

std::optional<std::string> nextMessageId(std::string_view& rest) {
  std::size_t p = 0;
  for (;;) {
    while (p < rest.size() && rest[p] != '<') {
      ++p;
    }
    if (p >= rest.size()) {
      rest = {};
      return std::nullopt;
    }
    const std::size_t begin = ++p;
    bool foundAt = false;
    std::size_t q = begin;
    for (;; ++q) {
      if (q >= rest.size()) {
        rest = {};
        return std::nullopt;
      }
      const char c = rest[q];
      // Dovecot's quick scan: everything from 'A' up (including '[') is plain id text.
      if (static_cast<unsigned char>(c) >= 'A') {
        continue;
      }
      if (c == '@') {
        foundAt = true;
      }
      if (c == '>' || c == '"' || c == '(' || c == '[') {
        break;
      }
    }
    if (rest[q] == '>') {
      const std::string_view raw = rest.substr(begin, q - begin);
      p = q + 1;
      if (foundAt) {
        std::string id;
        for (const char c : raw) {
          if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            id += c;
          }
        }
        rest.remove_prefix(p);
        return id;
      }
    } else if (auto id = parseUntokenized(rest, p)) {
      rest.remove_prefix(p);
      return id;
    }
  }
}

std::vector<std::string> allMessageIds(std::string_view value) {
  std::vector<std::string> ids;
  while (auto id = nextMessageId(value)) {
    ids.push_back(std::move(*id));
  }
  return ids;
}

}  // namespace oxh::dovecot::thread
