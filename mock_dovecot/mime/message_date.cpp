#include "mock_dovecot/mime/message_date.hpp"

#include <cctype>
#include <string>
#include <strings.h>

#include "mock_dovecot/mime/rfc822_tokenizer.hpp"

namespace oxh::dovecot::mime {
namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool isTimeSep(char c) { return c == ':' || c == '.'; }  // '.' tolerated, as in Dovecot

int zoneMinutes(const std::string& z) {
  if (z.size() == 5 && (z[0] == '+' || z[0] == '-')) {
    for (int i = 1; i < 5; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(z[static_cast<std::size_t>(i)]))) return 0;
    }
    int offset = ((z[1] - '0') * 10 + (z[2] - '0')) * 60 + (z[3] - '0') * 10 + (z[4] - '0');
    return z[0] == '+' ? offset : -offset;
  }
  if (z.size() == 1) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(z[0])));
    if (c < 'J') return (z[0] - 'A' + 1) * 60;
    if (c == 'J') return 0;
    if (c <= 'M') return (z[0] - 'A') * 60;
    if (c < 'Z') return ('M' - z[0]) * 60;
    return 0;
  }
  if (z.size() == 2 && strcasecmp(z.c_str(), "UT") == 0) return 0;
  if (z.size() == 3 && z[2] == 'T') {
    int offset;
    switch (std::toupper(static_cast<unsigned char>(z[0]))) {
      case 'E': offset = -5 * 60; break;
      case 'C': offset = -6 * 60; break;
      case 'M': offset = -7 * 60; break;
      case 'P': offset = -8 * 60; break;
      default: return 0;
    }
    char dst = static_cast<char>(std::toupper(static_cast<unsigned char>(z[1])));
    if (dst == 'D') return offset + 60;
    if (dst == 'S') return offset;
  }
  return 0;
}

// Days since 1970-01-01 of a proleptic Gregorian date (month 0-based; day may overflow).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  std::int64_t mm = static_cast<std::int64_t>(m) + 1;
  y -= mm <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (mm + (mm > 2 ? -3 : 9)) + 2) / 5 + static_cast<std::int64_t>(d) - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

class DateParser {
 public:
  explicit DateParser(std::string_view v) : tok_(v) {}

  // 1 = token read, 0 = end of input, -1 = error.
  int next(std::string& token) {
    token.clear();
    int ret = tok_.atEnd() ? 0 : tok_.atom(token);
    if (ret < 0) return -1;
    return token.empty() ? 0 : 1;
  }

  std::optional<std::int64_t> run() {
    std::string t;
    tok_.skipLwsp();
    if (next(t) <= 0) return std::nullopt;
    if (t.size() == 3) {  // the optional day-of-week
      if (tok_.peek() != ',') return std::nullopt;
      tok_.advance();
      tok_.skipLwsp();
      if (next(t) <= 0) return std::nullopt;
    }
    if (t.empty() || t.size() > 2 || !allDigits(t)) return std::nullopt;
    int day = std::stoi(t);
    if (next(t) <= 0 || t.size() < 3) return std::nullopt;
    int month = -1;
    for (int i = 0; i < 12; ++i) {
      if (strncasecmp(kMonths[i], t.c_str(), 3) == 0) {
        month = i;
        break;
      }
    }
    if (month < 0) return std::nullopt;
    if (next(t) <= 0 || (t.size() != 2 && t.size() != 4) || !allDigits(t)) return std::nullopt;
    int year = std::stoi(t);
    if (t.size() == 2) {
      year += year < 70 ? 2000 : 1900;  // obsolete two-digit year, RFC 5322 4.3
    } else if (year < 1900) {
      return std::nullopt;
    }
    if (next(t) <= 0 || t.empty() || t.size() > 2 || !allDigits(t)) return std::nullopt;
    int hour = std::stoi(t);
    if (!isTimeSep(tok_.peek()) || tok_.atEnd()) return std::nullopt;
    tok_.advance();
    tok_.skipLwsp();
    if (next(t) < 0 || t.size() != 2 || !allDigits(t)) return std::nullopt;
    int minute = std::stoi(t);
    int second = 0;
    if (!tok_.atEnd() && isTimeSep(tok_.peek())) {
      tok_.advance();
      tok_.skipLwsp();
      if (next(t) <= 0 || t.size() != 2 || !allDigits(t)) return std::nullopt;
      second = std::stoi(t);
    }
    int ret = next(t);
    if (ret < 0) return std::nullopt;
    int zone = ret == 0 ? 0 : zoneMinutes(t);
    if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return days * 86400 + hour * 3600 + minute * 60 + second - static_cast<std::int64_t>(zone) * 60;
  }

 private:
  static bool allDigits(const std::string& s) {
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return !s.empty();
  }

  Rfc822Tokenizer tok_;
};

}  // namespace

std::optional<std::int64_t> parseMessageDate(std::string_view value) { return DateParser(value).run(); }

}  // namespace oxh::dovecot::mime
