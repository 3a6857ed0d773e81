#include "mock_dovecot/mime/html_to_text.hpp"

#include <cstdlib>
#include <strings.h>

#include "mock_dovecot/mime/charset.hpp"

namespace oxh::dovecot::mime {
namespace {

enum class State { kText, kTag, kTagDquoted, kTagDquotedEscape, kTagSquoted, kTagSquotedEscape, kComment,
                   kCommentEnd, kScript, kStyle, kCdata };

bool htmlWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

struct Entity {
  const char* name;
  char32_t cp;
};
// The entities mail text actually uses; Dovecot knows the full HTML 4 list.
constexpr Entity kEntities[] = {
    {"quot", 34},    {"amp", 38},     {"apos", 39},    {"lt", 60},      {"gt", 62},      {"nbsp", 160},
    {"iexcl", 161},  {"cent", 162},   {"pound", 163},  {"euro", 0x20AC}, {"yen", 165},   {"sect", 167},
    {"copy", 169},   {"laquo", 171},  {"reg", 174},    {"deg", 176},    {"plusmn", 177}, {"micro", 181},
    {"para", 182},   {"middot", 183}, {"raquo", 187},  {"frac12", 189}, {"Auml", 196},   {"Ouml", 214},
    {"Uuml", 220},   {"szlig", 223},  {"auml", 228},   {"ouml", 246},   {"uuml", 252},   {"eacute", 233},
    {"egrave", 232}, {"agrave", 224}, {"ccedil", 231}, {"ndash", 0x2013}, {"mdash", 0x2014},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bull", 0x2022},
    {"hellip", 0x2026}, {"trade", 0x2122}, {"times", 215}, {"divide", 247}};

bool entityCodePoint(const std::string& name, char32_t& cp) {
  for (const Entity& e : kEntities) {
    if (name == e.name) {
      cp = e.cp;
      return true;
    }
  }
  if (name.size() < 2 || name[0] != '#') return false;
  const char* digits = name.c_str() + 1;
  int base = 10;
  if (name[1] == 'x') {
    digits = name.c_str() + 2;
    base = 16;
  }
  if (*digits == '\0') return false;
  char* end = nullptr;
  unsigned long v = std::strtoul(digits, &end, base);
  if (*end != '\0' || v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
  cp = static_cast<char32_t>(v);
  return true;
}

void addSpace(std::string& out) {
  if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
}

}  // namespace

std::string htmlToText(std::string_view d) {
  std::string out;
  State state = State::kText;
  unsigned quoteLevel = 0;
  bool addNewline = false;
  for (std::size_t i = 0; i < d.size(); ++i) {
    char c = d[i];
    std::string_view rest = d.substr(i + 1);
    switch (state) {
      case State::kText:
        if (c == '<') {
          if (startsWithIgnoreCase(rest, "!--")) {
            state = State::kComment;
            i += 3;
          } else if (rest.size() >= 7 && startsWithIgnoreCase(rest, "script") && (htmlWhitespace(rest[6]) || rest[6] == '>')) {
            state = State::kScript;
            i += 7;
          } else if (rest.size() >= 6 && startsWithIgnoreCase(rest, "style") && (htmlWhitespace(rest[5]) || rest[5] == '>')) {
            state = State::kStyle;
            i += 6;
          } else if (startsWithIgnoreCase(rest, "![CDATA[")) {
            state = State::kCdata;
            i += 8;
          } else {
            if (rest.size() >= 11 && startsWithIgnoreCase(rest, "blockquote") && (htmlWhitespace(rest[10]) || rest[10] == '>')) {
              ++quoteLevel;
            } else if (quoteLevel > 0 && startsWithIgnoreCase(rest, "/blockquote>")) {
              --quoteLevel;
              addNewline = true;
            } else if (rest.size() < 12 && rest.find_first_of(" \t\r\n>") == std::string_view::npos) {
              return out;  // an unfinished tag name at the end: Dovecot waits for more input
            }
            state = State::kTag;
          }
        } else if (c == '&') {
          std::size_t j = 0;
          bool broken = false;
          for (; j < rest.size(); ++j) {
            if (htmlWhitespace(rest[j]) || j >= 10) {
              broken = true;
              break;
            }
            if (rest[j] == ';') break;
          }
          if (broken) break;  // the '&' alone is dropped
          if (j == rest.size()) return out;
          char32_t cp = 0;
          if (entityCodePoint(std::string(rest.substr(0, j)), cp)) appendUtf8(out, cp);
          i += j + 1;
        } else {
          out += c;
        }
        break;
      case State::kTag:
        if (c == '"') {
          state = State::kTagDquoted;
        } else if (c == '\'') {
          state = State::kTagSquoted;
        } else if (c == '>') {
          state = State::kText;
          if (quoteLevel > 0) {
            out += "\n>";
          } else if (addNewline) {
            out += '\n';
          }
          addNewline = false;
          addSpace(out);
        }
        break;
      case State::kTagDquoted:
        if (c == '"') state = State::kTag;
        else if (c == '\\') state = State::kTagDquotedEscape;
        break;
      case State::kTagDquotedEscape:
        state = State::kTagDquoted;
        break;
      case State::kTagSquoted:
        if (c == '\'') state = State::kTag;
        else if (c == '\\') state = State::kTagSquotedEscape;
        break;
      case State::kTagSquotedEscape:
        state = State::kTagSquoted;
        break;
      case State::kComment:
        if (c == '-' && !rest.empty() && rest[0] == '-') {
          state = State::kCommentEnd;
          ++i;
        }
        break;
      case State::kCommentEnd:
        if (c == '>') state = State::kText;
        else if (!htmlWhitespace(c)) state = State::kComment;
        break;
      case State::kScript:
        if (c == '<' && startsWithIgnoreCase(d.substr(i), "</script>")) {
          addSpace(out);
          state = State::kText;
          i += 8;
        }
        break;
      case State::kStyle:
        if (c == '<' && startsWithIgnoreCase(d.substr(i), "</style>")) {
          addSpace(out);
          state = State::kText;
          i += 7;
        }
        break;
      case State::kCdata:
        if (c == ']' && d.substr(i).rfind("]]>", 0) == 0) {
          state = State::kText;
          i += 2;
          break;
        }
        out += c;
        break;
    }
  }
  return out;
}

}  // namespace oxh::dovecot::mime
