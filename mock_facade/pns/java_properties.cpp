#include "mock_facade/pns/java_properties.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

#include "common/error/error.hpp"

namespace oxh::facade::pns {

namespace {

bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (isBlank(text.front()) || text.front() == '\r' || text.front() == '\n')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (isBlank(text.back()) || text.back() == '\r' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

// Counts the backslashes ending `line`; odd = continuation.
bool continues(std::string_view line) {
  std::size_t count = 0;
  for (auto it = line.rbegin(); it != line.rend() && *it == '\\'; ++it) {
    ++count;
  }
  return count % 2 == 1;
}

void appendUtf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out.push_back(text[i]);
      continue;
    }
    const char c = text[++i];
    if (c == 't') {
      out.push_back('\t');
    } else if (c == 'n') {
      out.push_back('\n');
    } else if (c == 'r') {
      out.push_back('\r');
    } else if (c == 'f') {
      out.push_back('\f');
    } else if (c == 'u' && i + 4 < text.size()) {
      unsigned code = 0;
      bool ok = true;
      for (std::size_t k = 1; ok && k <= 4; ++k) {
        const auto h = static_cast<unsigned char>(text[i + k]);
        ok = std::isxdigit(h) != 0;
        code = code * 16 + static_cast<unsigned>(std::isdigit(h) != 0 ? h - '0' : std::tolower(h) - 'a' + 10);
      }
      if (ok) {
        appendUtf8(out, code);
        i += 4;
      } else {
        out.push_back('u');
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

JavaProperties parseJavaProperties(std::string_view text) {
  JavaProperties out;
  std::string logical;
  std::istringstream in{std::string(text)};
  std::string raw;
  bool continuing = false;
  while (std::getline(in, raw)) {
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (continuing) {
      while (!line.empty() && isBlank(line.front())) {
        line.remove_prefix(1);
      }
    } else {
      const auto start = trim(line);
      if (start.empty() || start.front() == '#' || start.front() == '!') {
        continue;
      }
      line = start;
    }
    continuing = continues(line);
    if (continuing) {
      line.remove_suffix(1);
    }
    logical.append(line);
    if (continuing) {
      continue;
    }
    // Key ends at the first unescaped '=', ':' or blank.
    std::size_t end = 0;
    while (end < logical.size() && logical[end] != '=' && logical[end] != ':' && !isBlank(logical[end])) {
      end += logical[end] == '\\' ? 2 : 1;
    }
    end = std::min(end, logical.size());
    std::size_t value = end;
    while (value < logical.size() && isBlank(logical[value])) {
      ++value;
    }
    if (value < logical.size() && (logical[value] == '=' || logical[value] == ':')) {
      ++value;
    }
    while (value < logical.size() && isBlank(logical[value])) {
      ++value;
    }
    out[unescape(std::string_view(logical).substr(0, end))] = unescape(std::string_view(logical).substr(value));
    logical.clear();
  }
  return out;
}

std::string readConfigFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw OxhException(Error("oxh.pns.config", "cannot read " + path));
  }
  std::ostringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

std::vector<std::string> parseQuotedList(std::string_view value) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    const auto comma = value.find(',', pos);
    auto item = trim(value.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"') {
      item = item.substr(1, item.size() - 2);
    }
    if (!item.empty()) {
      out.emplace_back(item);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    pos = comma + 1;
  }
  return out;
}

bool parseJavaBoolean(std::string_view value) {
  const auto text = trim(value);
  if (text.size() != 4) {
    return false;
  }
  std::string lower;
  for (char c : text) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return lower == "true";
}

bool wildcardMatch(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace oxh::facade::pns
