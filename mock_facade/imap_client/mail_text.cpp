#include "mock_facade/imap_client/mail_text.hpp"

#include <array>
#include <cctype>
#include <vector>

#include "common/codec/base64.hpp"

namespace oxh::facade::mailtext {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void appendLatin1(std::string& out, unsigned char c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One encoded word's text decoded, or nullopt when it is not a well-formed word.
std::optional<std::string> decodeWord(std::string_view word) {
  // =?charset?enc?text?=
  if (word.size() < 8 || word.substr(0, 2) != "=?" || word.substr(word.size() - 2) != "?=") return std::nullopt;
  const auto inner = word.substr(2, word.size() - 4);
  const auto q1 = inner.find('?');
  if (q1 == std::string_view::npos || q1 + 2 >= inner.size() || inner[q1 + 2] != '?') return std::nullopt;
  std::string charset = lower(inner.substr(0, q1));
  if (auto star = charset.find('*'); star != std::string::npos) charset.resize(star);  // RFC 2231 language
  const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(inner[q1 + 1])));
  const auto text = inner.substr(q1 + 3);
  std::string bytes;
  if (encoding == 'B') {
    bytes = codec::base64Decode(text);
  } else if (encoding == 'Q') {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '_') {
        bytes += ' ';
      } else if (text[i] == '=' && i + 2 < text.size() + 0 && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
        bytes += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
        i += 2;
      } else {
        bytes += text[i];
      }
    }
  } else {
    return std::nullopt;
  }
  if (charset == "iso-8859-1" || charset == "iso-8859-15" || charset == "windows-1252" || charset == "latin1") {
    std::string out;
    for (unsigned char c : bytes) appendLatin1(out, c);
    return out;
  }
  return bytes;
}

std::optional<int> monthNumber(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                           "jul", "aug", "sep", "oct", "nov", "dec"};
  const auto wanted = lower(name.substr(0, 3));
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == wanted) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

std::vector<std::string> words(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (separators.find(c) != std::string_view::npos) {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

std::optional<std::int64_t> zoneMinutes(const std::string& zone) {
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
    for (std::size_t i = 1; i < 5; ++i) if (!std::isdigit(static_cast<unsigned char>(zone[i]))) return std::nullopt;
    const int minutes = std::stoi(zone.substr(1, 2)) * 60 + std::stoi(zone.substr(3, 2));
    return zone[0] == '-' ? -minutes : minutes;
  }
  static const std::array<std::pair<const char*, int>, 10> kNamed{{{"UT", 0}, {"GMT", 0}, {"UTC", 0}, {"Z", 0},
                                                                   {"EST", -300}, {"EDT", -240}, {"CST", -360},
                                                                   {"CDT", -300}, {"PST", -480}, {"PDT", -420}}};
  for (const auto& [name, minutes] : kNamed) {
    if (zone == name) return minutes;
  }
  return 0;  // RFC 5322 section 4.3: other obsolete zones are treated as +0000
}

std::optional<std::int64_t> compose(std::int64_t year, int month, int day, const std::string& time, const std::string& zone) {
  const auto parts = words(time, ":");
  if (parts.size() < 2 || month < 1 || day < 1 || day > 31) return std::nullopt;
  try {
    const int hour = std::stoi(parts[0]);
    const int minute = std::stoi(parts[1]);
    const int second = parts.size() > 2 ? std::stoi(parts[2]) : 0;
    const auto offset = zoneMinutes(zone);
    if (!offset) return std::nullopt;
    const std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - *offset * 60;
    return seconds * 1000;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// UTC seconds of the last Sunday of `month` in `year` at 01:00 UTC.
std::int64_t lastSundayOneUtc(std::int64_t year, unsigned month) {
  const unsigned lastDay = 31;  // March and October both have 31 days
  const std::int64_t days = daysFromCivil(year, month, lastDay);
  const std::int64_t weekday = ((days % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4); 0 = Sunday
  return (days - weekday) * 86400 + 3600;
}

}  // namespace

std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day) {
  // Howard Hinnant's days_from_civil.
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string decodeEncodedWords(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  bool lastWasEncoded = false;
  std::string pendingSpace;
  while (pos < text.size()) {
    const auto start = text.find("=?", pos);
    if (start == std::string_view::npos) {
      out += pendingSpace;
      out += text.substr(pos);
      break;
    }
    // Find the end "?=" after charset?enc?
    const auto q1 = text.find('?', start + 2);
    const auto q2 = q1 == std::string_view::npos ? q1 : text.find('?', q1 + 1);
    const auto end = q2 == std::string_view::npos ? q2 : text.find("?=", q2 + 1);
    if (end == std::string_view::npos) {
      out += pendingSpace;
      out += text.substr(pos);
      break;
    }
    const auto between = text.substr(pos, start - pos);
    auto decoded = decodeWord(text.substr(start, end + 2 - start));
    const bool onlySpace = between.find_first_not_of(" \t\r\n") == std::string_view::npos;
    if (!(lastWasEncoded && onlySpace && decoded)) {
      out += between;
    }
    if (decoded) {
      out += *decoded;
      lastWasEncoded = true;
    } else {
      out += text.substr(start, end + 2 - start);
      lastWasEncoded = false;
    }
    pos = end + 2;
  }
  return out;
}

std::optional<std::int64_t> parseRfc5322Date(std::string_view text) {
  std::string cleaned(text);
  if (auto comma = cleaned.find(','); comma != std::string::npos) cleaned = cleaned.substr(comma + 1);
  if (auto paren = cleaned.find('('); paren != std::string::npos) cleaned.resize(paren);
  const auto parts = words(cleaned, " \t\r\n");
  if (parts.size() < 4) return std::nullopt;
  try {
    const int day = std::stoi(parts[0]);
    const auto month = monthNumber(parts[1]);
    std::int64_t year = std::stoll(parts[2]);
    if (parts[2].size() <= 2) year += year < 50 ? 2000 : 1900;  // RFC 5322 section 4.3
    if (!month) return std::nullopt;
    return compose(year, *month, day, parts[3], parts.size() > 4 ? parts[4] : "+0000");
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::int64_t> parseInternalDate(std::string_view text) {
  const auto parts = words(text, " -");
  // "17-Jul-1996 02:44:25 -0700" splits into 17 Jul 1996 02:44:25 0700 (sign lost): handle the zone apart.
  if (parts.size() < 5) return std::nullopt;
  const auto dash = text.rfind(' ');
  const std::string zone(text.substr(dash + 1));
  try {
    const auto month = monthNumber(parts[1]);
    if (!month) return std::nullopt;
    return compose(std::stoll(parts[2]), *month, std::stoi(parts[0]), parts[3], zone);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::int64_t zoneOffsetMillis(std::string_view zone, std::int64_t utcMillis) {
  if (zone.empty() || zone == "UTC" || zone == "GMT" || zone == "Etc/UTC") return 0;
  if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 6 && zone[3] == ':') {
    const std::string text(zone);
    const int minutes = std::stoi(text.substr(1, 2)) * 60 + std::stoi(text.substr(4, 2));
    return (zone[0] == '-' ? -minutes : minutes) * 60000LL;
  }
  static constexpr std::array<std::string_view, 9> kCet{"Europe/Berlin", "Europe/Paris", "Europe/Amsterdam",
                                                        "Europe/Brussels", "Europe/Vienna", "Europe/Madrid",
                                                        "Europe/Rome", "Europe/Zurich", "CET"};
  for (const auto& name : kCet) {
    if (zone == name) {
      const std::int64_t seconds = utcMillis >= 0 ? utcMillis / 1000 : (utcMillis - 999) / 1000;
      const std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
      // Civil year of the instant.
      std::int64_t year = 1970 + days / 365;
      while (daysFromCivil(year, 1, 1) > days) --year;
      while (daysFromCivil(year + 1, 1, 1) <= days) ++year;
      const bool summer = seconds >= lastSundayOneUtc(year, 3) && seconds < lastSundayOneUtc(year, 10);
      return (summer ? 2 : 1) * 3600000LL;
    }
  }
  return 0;
}

}  // namespace oxh::facade::mailtext
