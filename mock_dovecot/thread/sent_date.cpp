#include "mock_dovecot/thread/sent_date.hpp"

#include <array>
#include <cctype>
#include <string>

namespace oxh::dovecot::thread {
namespace {

class Tokens {
 public:
  explicit Tokens(std::string_view s) : s_(s) {}

  void skipLwsp() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos_;
      } else if (c == '(') {
        int depth = 0;
        for (; pos_ < s_.size(); ++pos_) {
          if (s_[pos_] == '(') {
            ++depth;
          } else if (s_[pos_] == ')' && --depth == 0) {
            ++pos_;
            break;
          }
        }
      } else {
        return;
      }
    }
  }
  // An RFC 5322 atom, then CFWS.
  std::string atom() {
    std::string out;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      const bool atext = std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                         static_cast<unsigned char>(c) >= 0x80 ||
                         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
      if (!atext) {
        break;
      }
      out += c;
      ++pos_;
    }
    skipLwsp();
    return out;
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void advance() { ++pos_; }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

bool allDigits(const std::string& s) {
  for (const char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      return false;
    }
  }
  return !s.empty();
}

int zoneOffsetMinutes(const std::string& z) {
  if (z.size() == 5 && (z[0] == '+' || z[0] == '-') && allDigits(z.substr(1))) {
    const int off = ((z[1] - '0') * 10 + (z[2] - '0')) * 60 + (z[3] - '0') * 10 + (z[4] - '0');
    return z[0] == '+' ? off : -off;
  }
  const auto up = [&](std::size_t i) { return std::toupper(static_cast<unsigned char>(z[i])); };
  if (z.size() == 1) {
    // Military zones, the way Dovecot counts them (not RFC 822's inverted signs).
    const int c = up(0);
    if (c < 'J') return (z[0] - 'A' + 1) * 60;
    if (c == 'J') return 0;
    if (c <= 'M') return (z[0] - 'A') * 60;
    if (c < 'Z') return ('M' - z[0]) * 60;
    return 0;
  }
  if (z.size() == 3 && z[2] == 'T') {
    int off = 0;
    switch (up(0)) {
      case 'E': off = -5 * 60; break;
      case 'C': off = -6 * 60; break;
      case 'M': off = -7 * 60; break;
      case 'P': off = -8 * 60; break;
      default: return 0;
    }
    if (up(1) == 'D') return off + 60;
    if (up(1) == 'S') return off;
  }
  return 0;
}

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool isTimeSep(char c) { return c == ':' || c == '.'; }

}  // namespace

std::optional<std::int64_t> parseSentDate(std::string_view value) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  Tokens t(value);
  t.skipLwsp();
  std::string tok = t.atom();
  if (tok.empty()) {
    return std::nullopt;
  }
  if (tok.size() == 3) {  // weekday, must be followed by ','
    if (t.peek() != ',') {
      return std::nullopt;
    }
    t.advance();
    t.skipLwsp();
    tok = t.atom();
  }
  if (tok.empty() || tok.size() > 2 || !allDigits(tok)) {
    return std::nullopt;
  }
  const int day = std::stoi(tok);
  tok = t.atom();
  if (tok.size() < 3) {
    return std::nullopt;
  }
  int month = -1;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    bool eq = true;
    for (std::size_t k = 0; k < 3; ++k) {
      eq = eq && std::tolower(static_cast<unsigned char>(tok[k])) == kMonths[i][k];
    }
    if (eq) {
      month = static_cast<int>(i);
      break;
    }
  }
  if (month < 0) {
    return std::nullopt;
  }
  tok = t.atom();
  if ((tok.size() != 2 && tok.size() != 4) || !allDigits(tok)) {
    return std::nullopt;
  }
  int year = std::stoi(tok);
  if (tok.size() == 2) {
    year += year < 70 ? 2000 : 1900;
  } else if (year < 1900) {
    return std::nullopt;
  }
  tok = t.atom();
  if (tok.empty() || tok.size() > 2 || !allDigits(tok) || !isTimeSep(t.peek())) {
    return std::nullopt;
  }
  const int hour = std::stoi(tok);
  t.advance();
  t.skipLwsp();
  tok = t.atom();
  if (tok.size() != 2 || !allDigits(tok)) {
    return std::nullopt;
  }
  const int minute = std::stoi(tok);
  int second = 0;
  if (isTimeSep(t.peek())) {
    t.advance();
    t.skipLwsp();
    tok = t.atom();
    if (tok.size() != 2 || !allDigits(tok)) {
      return std::nullopt;
    }
    second = std::stoi(tok);
  }
  tok = t.atom();
  const int zone = tok.empty() ? 0 : zoneOffsetMinutes(tok);
  // utc_mktime() rejects any field timegm() would have to normalize (day 32, 25:00, ...), after
  // turning a leap second 60 into 59 (confirmed against Dovecot 2.3.19: "32 Jan" falls back to
  // the INTERNALDATE).
  second = second == 60 ? 59 : second;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int monthDays = kDays[static_cast<std::size_t>(month)] + (month == 1 && leap ? 1 : 0);
  if (day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  const std::int64_t utc =
      (daysFromCivil(year, static_cast<unsigned>(month + 1), 1) + day - 1) * 86400 + hour * 3600 +
      minute * 60 + second;
  if (utc == -1) {
    return std::nullopt;  // timegm()'s error value
  }
  return utc - static_cast<std::int64_t>(zone) * 60;
}

}  // namespace oxh::dovecot::thread
