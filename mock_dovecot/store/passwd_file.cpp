#include "mock_dovecot/store/passwd_file.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "common/error/error.hpp"

namespace oxh::dovecot {

namespace {

[[noreturn]] void bad(const std::string& file, int line, const std::string& what) {
  throw OxhException(Error("oxh.dovecot.passwd-file", what, SourcePosition{file, line, 0}));
}

std::vector<std::string> splitColons(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const auto colon = line.find(':', start);
    fields.push_back(line.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) {
      return fields;
    }
    start = colon + 1;
  }
}

std::optional<std::uint32_t> id(const std::string& field, const char* what, const std::string& user,
                                 const std::string& file, int line) {
  if (field.empty()) {
    return std::nullopt;
  }
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc() || end != field.data() + field.size() || value == 0) {
    // db-passwd-file.c: "User %s has invalid UID '%s'" (user names are not looked up here).
    bad(file, line, "user " + user + " has invalid " + what + " '" + field + "'");
  }
  return value;
}

std::string plainPassword(const std::string& field, const std::string& user, const std::string& file, int line) {
  if (field.empty() || field[0] != '{') {
    return field;
  }
  const auto close = field.find('}');
  if (close == std::string::npos) {
    bad(file, line, "user " + user + ": password scheme '" + field.substr(0, 20) + "' has no closing '}'");
  }
  std::string scheme = field.substr(1, close - 1);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::toupper(c); });
  if (scheme != "PLAIN" && scheme != "CLEAR" && scheme != "CLEARTEXT") {
    bad(file, line, "user " + user + ": password scheme {" + scheme + "} is not supported by the fake (use {PLAIN})");
  }
  return field.substr(close + 1);
}

}  // namespace

std::vector<PasswdEntry> parsePasswdFile(const std::string& text, const std::string& file) {
  std::vector<PasswdEntry> entries;
  std::set<std::string> seen;
  std::istringstream in(text);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#' || line[0] == ':') {
      continue;  // no user name, or a comment (as db-passwd-file.c)
    }
    const auto fields = splitColons(line);
    PasswdEntry entry;
    entry.line = number;
    entry.account.login = fields[0];
    if (std::any_of(entry.account.login.begin(), entry.account.login.end(),
                    [](unsigned char c) { return c <= 0x20 || c == 0x7f; })) {
      bad(file, number, "user name '" + entry.account.login + "' contains a space or control character");
    }
    if (fields.size() < 2) {
      bad(file, number, "user " + entry.account.login + " has no password field (want user:password or user:{PLAIN}password:...)");
    }
    entry.account.password = plainPassword(fields[1], entry.account.login, file, number);
    if (fields.size() > 2) {
      entry.uid = id(fields[2], "UID", entry.account.login, file, number);
    }
    if (fields.size() > 3) {
      entry.gid = id(fields[3], "GID", entry.account.login, file, number);
    }
    if (fields.size() > 5) {
      entry.home = fields[5];
    }
    if (fields.size() > 7) {
      std::string extra;
      for (std::size_t i = 7; i < fields.size(); ++i) {
        extra += (i > 7 ? ":" : "") + fields[i];
      }
      std::istringstream words(extra);
      for (std::string word; words >> word;) {
        entry.extraFields.push_back(word);
      }
    }
    if (!seen.insert(entry.account.login).second) {
      bad(file, number, "user " + entry.account.login + " exists more than once");  // Dovecot's log text
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<PasswdEntry> loadPasswdFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw OxhException(Error("oxh.dovecot.passwd-file", "cannot read passwd-file " + path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parsePasswdFile(text.str(), path);
}

}  // namespace oxh::dovecot
