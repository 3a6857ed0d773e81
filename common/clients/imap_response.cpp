#include "common/clients/imap_response.hpp"

#include <cctype>
#include <cstdio>

namespace oxh::clients::imap {

namespace {
std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string_view word(std::string_view line, std::size_t& pos) {
  while (pos < line.size() && line[pos] == ' ') {
    ++pos;
  }
  const auto start = pos;
  while (pos < line.size() && line[pos] != ' ') {
    ++pos;
  }
  return line.substr(start, pos - start);
}
}  // namespace

ParsedResponse parseResponse(std::string_view line) {
  ParsedResponse out;
  std::size_t pos = 0;
  const auto first = word(line, pos);
  const auto second = upper(word(line, pos));
  const bool isStatus = second == "OK" || second == "NO" || second == "BAD" || second == "PREAUTH" || second == "BYE";
  if (first == "*") {
    out.type = "untagged";
  } else if (first == "+" || (!line.empty() && line[0] == '+')) {
    out.type = "continuation";
    return out;
  } else {
    out.type = "tagged";
    out.tag = std::string(first);
  }
  if (isStatus) {
    out.status = second;
  }
  return out;
}

std::optional<std::size_t> literalSizeAtEnd(std::string_view chunk) {
  if (chunk.size() < 5 || chunk.substr(chunk.size() - 3) != "}\r\n") {
    return std::nullopt;
  }
  std::size_t end = chunk.size() - 3;
  if (chunk[end - 1] == '+') {
    --end;
  }
  std::size_t start = end;
  while (start > 0 && std::isdigit(static_cast<unsigned char>(chunk[start - 1])) != 0) {
    --start;
  }
  if (start == end || start == 0 || chunk[start - 1] != '{' || end - start > 12) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(std::stoull(std::string(chunk.substr(start, end - start))));
}

std::string printable(std::string_view line, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < line.size() && out.size() < limit; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (out.size() >= limit) {
    out += "... (" + std::to_string(line.size()) + " bytes)";
  }
  return out;
}

std::string maskSecrets(std::string_view line) {
  std::size_t pos = 0;
  const auto tag = word(line, pos);
  const auto command = upper(word(line, pos));
  if (command == "LOGIN") {
    const auto user = word(line, pos);
    return std::string(tag) + " LOGIN " + std::string(user) + " ***";
  }
  if (command == "AUTHENTICATE") {
    const auto mechanism = word(line, pos);
    return std::string(tag) + " AUTHENTICATE " + std::string(mechanism) + (pos < line.size() ? " ***" : "");
  }
  return std::string(line);
}

std::vector<std::string> splitAtSynchronizingLiterals(std::string_view command) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  std::size_t search = 0;
  while (true) {
    const auto crlf = command.find("\r\n", search);
    if (crlf == std::string_view::npos) {
      break;
    }
    const auto chunk = command.substr(start, crlf + 2 - start);
    const auto size = literalSizeAtEnd(chunk);
    const bool plus = chunk.size() >= 4 && chunk[chunk.size() - 4] == '+';
    if (size && !plus) {
      parts.emplace_back(chunk);
      start = crlf + 2;
      search = start + *size;
    } else {
      search = crlf + 2 + (size ? *size : 0);
    }
    if (search > command.size()) {
      break;
    }
  }
  parts.emplace_back(command.substr(start));
  return parts;
}

}  // namespace oxh::clients::imap
