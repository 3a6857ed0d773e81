#include "mock_dovecot/mime/rfc822_tokenizer.hpp"

#include <algorithm>
#include <cstring>
#include <strings.h>

namespace oxh::dovecot::mime {
namespace {

// 1 = atext, 2 = alpha/digit/8-bit, 4 = atext that is a MIME tspecial ('/', '=', '?').
unsigned char charClass(unsigned char c) {
  if (c >= 0x80) return 2;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 2;
  if (c == '/' || c == '=' || c == '?') return 4;
  static constexpr std::string_view kAtextSpecials = "!#$%&'*+-^_`{|}~";
  return kAtextSpecials.find(static_cast<char>(c)) != std::string_view::npos ? 1 : 0;
}

}  // namespace

bool isAtext(unsigned char c) { return charClass(c) != 0; }
bool isTokenChar(unsigned char c) { return (charClass(c) & 3) != 0; }

int Rfc822Tokenizer::skipComment() {
  int level = 1;
  lastComment_.clear();
  std::size_t start = ++pos_;
  for (; pos_ < data_.size(); ++pos_) {
    char c = data_[pos_];
    if (c == '(') {
      ++level;
    } else if (c == ')') {
      if (--level == 0) {
        lastComment_.append(data_.substr(start, pos_ - start));
        ++pos_;
        return more();
      }
    } else if (c == '\n') {
      // Folding inside a comment: the (CR)LF goes, the whitespace after it stays.
      std::size_t len = pos_ - start;
      if (len > 0 && data_[start + len - 1] == '\r') --len;
      lastComment_.append(data_.substr(start, len));
      start = pos_ + 1;
    } else if (c == '\\') {
      ++pos_;
      if (pos_ >= data_.size()) return -1;
      char n = data_[pos_];
      if (n == '\r' || n == '\n' || n == '\0') {
        --pos_;  // obs-qp: not an error, but not a quoted-pair either
        continue;
      }
      lastComment_.append(data_.substr(start, pos_ - start - 1));
      start = pos_;
    }
  }
  return -1;  // missing ')'
}

int Rfc822Tokenizer::skipLwsp() {
  while (pos_ < data_.size()) {
    char c = data_[pos_];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++pos_;
      continue;
    }
    if (c != '(') break;
    if (skipComment() < 0) return -1;
  }
  return more();
}

int Rfc822Tokenizer::atom(std::string& out) {
  if (atEnd() || !isAtext(static_cast<unsigned char>(data_[pos_]))) return -1;
  std::size_t start = pos_++;
  while (pos_ < data_.size() && isAtext(static_cast<unsigned char>(data_[pos_]))) ++pos_;
  out.append(data_.substr(start, pos_ - start));
  return atEnd() ? 0 : skipLwsp();
}

int Rfc822Tokenizer::dotAtom(std::string& out) {
  // RFC 822 compatibility: whitespace and comments are allowed around the dots.
  if (atEnd() || !isAtext(static_cast<unsigned char>(data_[pos_]))) return -1;
  std::size_t start = pos_++;
  while (pos_ < data_.size()) {
    if (isAtext(static_cast<unsigned char>(data_[pos_]))) {
      ++pos_;
      continue;
    }
    if (start == pos_) return -1;
    out.append(data_.substr(start, pos_ - start));
    int ret = skipLwsp();
    if (ret <= 0) return ret;
    if (data_[pos_] != '.') return 1;
    ++pos_;
    out += '.';
    if (skipLwsp() <= 0) return -1;
    start = pos_;
  }
  out.append(data_.substr(start, pos_ - start));
  return 0;
}

int Rfc822Tokenizer::mimeToken(std::string& out) {
  std::size_t start = pos_;
  while (pos_ < data_.size() && (isTokenChar(static_cast<unsigned char>(data_[pos_])) || data_[pos_] == '.')) ++pos_;
  out.append(data_.substr(start, pos_ - start));
  return atEnd() ? 0 : skipLwsp();
}

int Rfc822Tokenizer::quotedString(std::string& out) {
  ++pos_;  // opening quote
  std::size_t start = pos_;
  for (; pos_ < data_.size(); ++pos_) {
    char c = data_[pos_];
    if (c == '"') {
      out.append(data_.substr(start, pos_ - start));
      ++pos_;
      return skipLwsp();
    }
    if (c == '\n') {
      std::size_t len = pos_ - start;
      if (len > 0 && data_[start + len - 1] == '\r') --len;
      out.append(data_.substr(start, len));
      start = pos_ + 1;
    } else if (c == '\\') {
      ++pos_;
      if (pos_ >= data_.size()) return -1;
      char n = data_[pos_];
      if (n == '\r' || n == '\n' || n == '\0') {
        --pos_;
        continue;
      }
      out.append(data_.substr(start, pos_ - start - 1));
      start = pos_;
    }
  }
  return -1;  // missing '"'
}

int Rfc822Tokenizer::atomOrDot(std::string& out) {
  std::size_t start = pos_;
  while (pos_ < data_.size() && (isAtext(static_cast<unsigned char>(data_[pos_])) || data_[pos_] == '.')) ++pos_;
  out.append(data_.substr(start, pos_ - start));
  return atEnd() ? 0 : skipLwsp();
}

int Rfc822Tokenizer::phrase(std::string& out) {
  // obs-phrase: words and dots; words are joined with one space.
  if (atEnd()) return 0;
  if (data_[pos_] == '.') return -1;
  for (;;) {
    int ret = data_[pos_] == '"' ? quotedString(out) : atomOrDot(out);
    if (ret <= 0) return ret;
    unsigned char c = static_cast<unsigned char>(data_[pos_]);
    if (!isAtext(c) && c != '"' && c != '.') break;
    out += ' ';
  }
  return skipLwsp();
}

int Rfc822Tokenizer::domainLiteral(std::string& out) {
  std::size_t start = pos_++;
  for (; pos_ < data_.size(); ++pos_) {
    char c = data_[pos_];
    if (c == '[') return -1;
    if (c == ']') {
      out.append(data_.substr(start, pos_ - start + 1));
      ++pos_;
      return skipLwsp();
    }
    if (c == '\n') {
      std::size_t len = pos_ - start;
      if (len > 0 && data_[start + len - 1] == '\r') --len;
      out.append(data_.substr(start, len));
      start = pos_ + 1;
    } else if (c == '\\') {
      // The backslash is kept in a domain literal.
      ++pos_;
      if (pos_ >= data_.size()) return -1;
      char n = data_[pos_];
      if (n == '\r' || n == '\n' || n == '\0') {
        out.append(data_.substr(start, pos_ - start));
        start = pos_;
        --pos_;
      }
    }
  }
  return -1;
}

int Rfc822Tokenizer::domain(std::string& out) {
  ++pos_;  // '@'
  if (skipLwsp() <= 0) return -1;
  return data_[pos_] == '[' ? domainLiteral(out) : dotAtom(out);
}

int Rfc822Tokenizer::contentType(std::string& out) {
  std::size_t begin = out.size();
  if (skipLwsp() <= 0) return -1;
  if (mimeToken(out) <= 0 || out.size() == begin) return -1;
  if (data_[pos_] != '/') {
    out.resize(begin);
    return -1;
  }
  ++pos_;
  if (skipLwsp() <= 0) {
    out.resize(begin);
    return -1;
  }
  out += '/';
  std::size_t subBegin = out.size();
  int ret = mimeToken(out);
  // Anything but ';' after the subtype makes the whole value invalid (Dovecot 2.3).
  if (ret < 0 || out.size() == subBegin || (!atEnd() && data_[pos_] != ';')) {
    out.resize(begin);
    return -1;
  }
  return ret;
}

int Rfc822Tokenizer::contentParam(std::string& key, std::string& value) {
  key.clear();
  value.clear();
  if (atEnd()) return 0;
  if (data_[pos_] != ';') return -1;
  ++pos_;
  if (skipLwsp() <= 0) return -1;
  if (mimeToken(key) <= 0) return -1;
  if (data_[pos_] != '=') return -1;
  ++pos_;
  int ret = skipLwsp();
  if (ret <= 0) {
    // no value
  } else if (data_[pos_] == '"') {
    ret = quotedString(value);
  } else if (data_[pos_] == '=') {
    // Dovecot's workaround for broken "name==?utf-8?b?...?=": take everything up to ';' or space.
    while (pos_ < data_.size() && std::strchr("; \t\r\n", data_[pos_]) == nullptr) value += data_[pos_++];
  } else {
    ret = mimeToken(value);
  }
  return ret < 0 ? -1 : 1;
}

std::vector<std::pair<std::string, std::string>> parseMimeParameters(Rfc822Tokenizer& tok, bool* broken) {
  struct Continuation {
    std::string key, value;
    unsigned idx;
    bool extended;
  };
  std::vector<std::pair<std::string, std::string>> result;
  std::vector<Continuation> conts;
  std::string key, value;
  unsigned idx = 0;  // deliberately not reset between parameters: Dovecot 2.3 keeps it too
  int ret;
  while ((ret = tok.contentParam(key, value)) != 0) {
    if (ret < 0) {
      if (broken != nullptr) *broken = true;
      if (tok.atEnd()) break;
      tok.advance();
      continue;
    }
    std::size_t star = key.find('*');
    bool plain = true;
    if (star != std::string::npos) {
      std::size_t p = star;
      if (p + 1 < key.size()) {
        ++p;
        idx = 0;
        for (; p < key.size() && key[p] >= '0' && key[p] <= '9'; ++p) idx = idx * 10 + static_cast<unsigned>(key[p] - '0');
      }
      bool extended = p < key.size() && key[p] == '*';
      if (extended) ++p;
      if (p == key.size()) {
        conts.push_back({key.substr(0, star), value, idx, extended});
        plain = false;
      }
    }
    if (plain) result.emplace_back(key, value);
  }
  if (conts.empty()) return result;
  // RFC 2231 section 3: merge key*0, key*1... in index order; a gap keeps them apart.
  std::stable_sort(conts.begin(), conts.end(), [](const Continuation& a, const Continuation& b) {
    int c = a.key.compare(b.key);
    return c != 0 ? c < 0 : a.idx < b.idx;
  });
  for (std::size_t i = 0, next = 0; i < conts.size(); i = next) {
    bool ok = true, haveExtended = false;
    unsigned nextIdx = 0;
    std::size_t j = i;
    for (; j < conts.size() && strcasecmp(conts[i].key.c_str(), conts[j].key.c_str()) == 0; ++j) {
      if (conts[j].idx != nextIdx) ok = false;
      if (conts[j].extended) haveExtended = true;
      ++nextIdx;
    }
    next = j;
    if (!ok) {
      for (j = i; j < next; ++j) {
        std::string k = conts[j].key + "*" + std::to_string(conts[j].idx) + (conts[j].extended ? "*" : "");
        result.emplace_back(k, conts[j].value);
      }
      continue;
    }
    std::string merged;
    if (!conts[i].extended && haveExtended) merged = "''";
    for (j = i; j < next; ++j) {
      if (!conts[j].extended && haveExtended) {
        for (char c : conts[j].value) merged += c == '%' ? std::string("%25") : std::string(1, c);
      } else {
        merged += conts[j].value;
      }
    }
    result.emplace_back(haveExtended ? conts[i].key + "*" : conts[i].key, merged);
  }
  return result;
}

}  // namespace oxh::dovecot::mime
