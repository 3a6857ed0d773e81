#include "mock_dovecot/mime/decoding.hpp"

#include <strings.h>

#include "mock_dovecot/mime/charset.hpp"
#include "mock_dovecot/mime/parsed_message.hpp"

namespace oxh::dovecot::mime {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// RFC 2047 section 4.2: "_" is a space, "=XX" a byte; no soft line breaks in headers.
std::string decodeQWord(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      out += ' ';
    } else if (c == '=' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

struct EncodedWord {
  std::size_t end;  // after "?="
  std::string decoded;
};

// "=?charset?Q|B?text?=" at `pos`; charset may carry an RFC 2231 "*language" suffix.
bool parseEncodedWord(std::string_view v, std::size_t pos, EncodedWord& word) {
  if (v.compare(pos, 2, "=?") != 0) return false;
  std::size_t q1 = v.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= v.size() || v[q1 + 2] != '?') return false;
  char enc = v[q1 + 1];
  std::size_t textStart = q1 + 3;
  std::size_t close = v.find("?=", textStart);
  if (close == std::string_view::npos) return false;
  std::string_view charset = v.substr(pos + 2, q1 - pos - 2);
  charset = charset.substr(0, charset.find('*'));
  std::string_view text = v.substr(textStart, close - textStart);
  std::string bytes;
  if (enc == 'q' || enc == 'Q') {
    bytes = decodeQWord(text);
  } else if (enc == 'b' || enc == 'B') {
    bytes = decodeBase64(text);
  } else {
    return false;
  }
  word.decoded = toUtf8(bytes, charset);
  word.end = close + 2;
  return true;
}

}  // namespace

std::string decodeQuotedPrintable(std::string_view data) {
  std::string out;
  std::size_t lineStart = 0;
  while (lineStart < data.size()) {
    std::size_t lf = data.find('\n', lineStart);
    bool hasLf = lf != std::string_view::npos;
    std::size_t contentEnd = hasLf ? lf : data.size();
    if (hasLf && contentEnd > lineStart && data[contentEnd - 1] == '\r') --contentEnd;
    std::string_view line = data.substr(lineStart, contentEnd - lineStart);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    bool soft = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '=') {
        out += line[i];
        continue;
      }
      if (i + 1 == line.size()) {
        soft = true;  // "=" at the end of the line: a soft line break
        break;
      }
      if (i + 2 < line.size() && hexValue(line[i + 1]) >= 0 && hexValue(line[i + 2]) >= 0) {
        out += static_cast<char>(hexValue(line[i + 1]) * 16 + hexValue(line[i + 2]));
        i += 2;
      } else {
        out += '=';
      }
    }
    if (hasLf && !soft) out += "\r\n";
    lineStart = hasLf ? lf + 1 : data.size();
  }
  return out;
}

std::string decodeBase64(std::string_view data) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : data) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    int v = base64Value(c);
    if (v < 0) break;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string decodeHeaderValue(std::string_view value) {
  // Unfold first (RFC 5322 2.2.3), then decode words; whitespace between two adjacent encoded
  // words is dropped (RFC 2047 section 6.2); everything else is validated as UTF-8.
  std::string unfolded;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\r' && i + 1 < value.size() && value[i + 1] == '\n') continue;
    if (value[i] == '\n') continue;
    unfolded += value[i];
  }
  std::string_view v = unfolded;
  std::string out;
  std::string plain;
  bool lastWasWord = false;
  std::size_t i = 0;
  while (i < v.size()) {
    EncodedWord word;
    if (v[i] == '=' && parseEncodedWord(v, i, word)) {
      bool onlySpace = plain.find_first_not_of(" \t") == std::string::npos;
      if (!(lastWasWord && onlySpace)) out += toUtf8(plain, "utf-8");
      plain.clear();
      out += word.decoded;
      lastWasWord = true;
      i = word.end;
      continue;
    }
    plain += v[i++];
  }
  out += toUtf8(plain, "utf-8");
  return out;
}

}  // namespace oxh::dovecot::mime
