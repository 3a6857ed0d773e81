#include "mock_dovecot/mime/section.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "mock_dovecot/mime/header_block.hpp"

namespace oxh::dovecot::mime {
namespace {

enum class FetchType { kFull, kMimeBody, kMime, kHeader, kHeaderFields, kHeaderFieldsNot, kText };

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

const MessagePart* findPart(const MessagePart& root, std::string_view path) {
  const MessagePart* part = &root;
  std::size_t i = 0;
  while (i < path.size() && std::isdigit(static_cast<unsigned char>(path[i])) && part != nullptr) {
    unsigned long num = 0;
    while (i < path.size() && path[i] != '.') num = num * 10 + static_cast<unsigned long>(path[i++] - '0');
    if (i < path.size()) ++i;  // '.'
    bool more = i < path.size();
    if (part->has(kPartMultipart)) {
      part = (num >= 1 && num <= part->children.size()) ? part->children[num - 1].get() : nullptr;
    } else if (num != 1 || (more && !part->has(kPartMessageRfc822))) {
      part = nullptr;  // only "1" exists below a non-multipart part
    }
    if (part != nullptr && part->has(kPartMessageRfc822) && more && !part->children.empty()) {
      part = part->children.front().get();  // continue inside the encapsulated message
    }
  }
  return part;
}

// HEADER.FIELDS list: "(FROM TO)" with atoms or quoted strings.
std::optional<std::vector<std::string>> parseFieldList(std::string_view s) {
  if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return std::nullopt;
  s = s.substr(1, s.size() - 2);
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    std::string name;
    if (s[i] == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        name += s[i];
      }
      ++i;
    } else {
      while (i < s.size() && s[i] != ' ') name += s[i++];
    }
    out.push_back(upper(name));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string filterHeader(const MessagePart& part, std::string_view m, const std::vector<std::string>& names,
                         bool include, bool alwaysEmptyLine) {
  std::string out;
  for (const HeaderField& f : part.headers) {
    bool listed = std::any_of(names.begin(), names.end(), [&](const std::string& n) { return equalsIgnoreCase(n, f.name); });
    if (listed == include) out.append(m.substr(f.offset, f.size));
  }
  // The empty line is copied only when the header had one, except for the root's
  // HEADER.FIELDS, which Dovecot builds from its header cache and always terminates
  // (confirmed against Dovecot 2.3.19).
  if (alwaysEmptyLine || part.headerHasEmptyLine) out += "\r\n";
  return out;
}

}  // namespace

std::optional<std::string> extractSection(const MessagePart& root, std::string_view m, std::string_view spec) {
  std::size_t i = 0;
  bool nextDigit = true;
  for (; i < spec.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(spec[i]))) {
      nextDigit = false;
    } else if (!nextDigit && spec[i] == '.') {
      nextDigit = true;
    } else {
      break;
    }
  }
  std::string_view number;
  std::string_view rest;
  if (i == 0) {
    rest = spec;
  } else if (i == spec.size()) {
    if (spec.back() == '.') return std::nullopt;
    number = spec;
  } else {
    if (spec[i - 1] != '.') return std::nullopt;
    number = spec.substr(0, i - 1);
    rest = spec.substr(i);
  }
  std::string word = upper(rest);
  FetchType type;
  std::optional<std::vector<std::string>> fields;
  if (word.empty()) {
    type = number.empty() ? FetchType::kFull : FetchType::kMimeBody;
  } else if (word == "MIME") {
    if (number.empty()) return std::nullopt;
    type = FetchType::kMime;
  } else if (word == "TEXT") {
    type = FetchType::kText;
  } else if (word == "HEADER") {
    type = FetchType::kHeader;
  } else if (word.rfind("HEADER.FIELDS.NOT", 0) == 0) {
    type = FetchType::kHeaderFieldsNot;
    fields = parseFieldList(std::string_view(word).substr(17));
    if (!fields) return std::nullopt;
  } else if (word.rfind("HEADER.FIELDS", 0) == 0) {
    type = FetchType::kHeaderFields;
    fields = parseFieldList(std::string_view(word).substr(13));
    if (!fields) return std::nullopt;
  } else {
    return std::nullopt;
  }
  const MessagePart* part = &root;
  if (!number.empty()) {
    part = findPart(root, number);
    if (part == nullptr) return std::nullopt;
    if (type == FetchType::kHeader || type == FetchType::kHeaderFields || type == FetchType::kHeaderFieldsNot ||
        type == FetchType::kText) {
      // HEADER/TEXT of a numbered part address the encapsulated message of message/rfc822.
      if (!part->has(kPartMessageRfc822) || part->children.empty()) return std::nullopt;
      part = part->children.front().get();
    }
  }
  switch (type) {
    case FetchType::kFull:
      return std::string(m);
    case FetchType::kMimeBody:
    case FetchType::kText:
      return std::string(m.substr(part->bodyOffset, part->bodySize));
    case FetchType::kMime:
    case FetchType::kHeader:
      return std::string(m.substr(part->headerOffset, part->headerSize));
    case FetchType::kHeaderFields:
      return filterHeader(*part, m, *fields, true, number.empty());
    case FetchType::kHeaderFieldsNot:
      return filterHeader(*part, m, *fields, false, false);
  }
  return std::nullopt;
}

}  // namespace oxh::dovecot::mime
