#include "mock_dovecot/mime/imap_quote.hpp"

namespace oxh::dovecot::mime {
namespace {

constexpr unsigned kQuotedMaxEscapeChars = 4;

void appendLiteral(std::string& out, std::string_view value) {
  out += '{';
  out += std::to_string(value.size());
  out += "}\r\n";
  out.append(value);
}

void appendQuoted(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    if (c == '\r' || c == '\n' || static_cast<unsigned char>(c) >= 0x80) continue;
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// Dovecot's strings are NUL-terminated: a NUL ends the value.
std::string_view untilNul(std::string_view v) {
  std::size_t nul = v.find('\0');
  return nul == std::string_view::npos ? v : v.substr(0, nul);
}

}  // namespace

void appendString(std::string& out, std::string_view value) {
  value = untilNul(value);
  unsigned escapes = 0;
  for (char c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      if (escapes++ < kQuotedMaxEscapeChars) continue;
      appendLiteral(out, value);
      return;
    }
    if (c == '\r' || c == '\n' || u >= 0x80) {
      appendLiteral(out, value);
      return;
    }
  }
  appendQuoted(out, value);
}

void appendNstring(std::string& out, const std::optional<std::string>& value) {
  if (!value) {
    out += "NIL";
    return;
  }
  appendString(out, *value);
}

void appendNstringNoLf(std::string& out, const std::optional<std::string>& value) {
  if (!value || value->find_first_of("\r\n") == std::string::npos) {
    appendNstring(out, value);
    return;
  }
  std::string_view v = untilNul(*value);
  std::string clean;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c != '\r' && c != '\n') {
      clean += c;
      continue;
    }
    char next = i + 1 < v.size() ? v[i + 1] : '\0';
    if (next != ' ' && next != '\t' && next != '\r' && next != '\n' && next != '\0') clean += ' ';
  }
  appendString(out, clean);
}

void appendStringForHumans(std::string& out, std::string_view src) {
  bool modify = false, lastLwsp = true, whitespacePrefix = true;
  std::size_t removeCount = 0;
  for (char c : src) {
    switch (c) {
      case '\0':
        lastLwsp = false;
        modify = true;
        break;
      case '\r':
      case '\n':
      case '\t':
        modify = true;
        [[fallthrough]];
      case ' ':
        if (lastLwsp) {
          modify = true;
          ++removeCount;
        }
        lastLwsp = true;
        break;
      case '"':
      case '\\':
        modify = true;
        lastLwsp = false;
        break;
      default:
        if ((static_cast<unsigned char>(c) & 0x80) != 0) modify = true;
        lastLwsp = false;
        break;
    }
    if (!lastLwsp) whitespacePrefix = false;
  }
  if (lastLwsp && !src.empty() && !whitespacePrefix) {
    modify = true;
    ++removeCount;
  }
  if (!modify) {
    out += '"';
    out.append(src);
    out += '"';
    return;
  }
  if (removeCount == src.size()) {
    out += "\"\"";
    return;
  }
  std::string text;
  lastLwsp = true;
  whitespacePrefix = true;
  for (char c : src) {
    switch (c) {
      case '\0':
        text += static_cast<char>(0x80);
        lastLwsp = false;
        break;
      case '\r':
      case '\n':
      case '\t':
      case ' ':
        if (!lastLwsp) text += ' ';
        lastLwsp = true;
        break;
      default:
        lastLwsp = false;
        text += c;
        break;
    }
    if (!lastLwsp) whitespacePrefix = false;
  }
  if (lastLwsp && !src.empty() && !whitespacePrefix) text.pop_back();
  appendLiteral(out, text);
}

}  // namespace oxh::dovecot::mime
