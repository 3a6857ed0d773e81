#include "mock_dovecot/imap/imap_date.hpp"

#include <array>
#include <chrono>
#include <cstdio>

#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool digits(std::string_view text, int& out) {
  if (text.empty()) {
    return false;
  }
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> parseImapDateTime(std::string_view text) {
  // date-day-fixed may be " 7" (RFC 3501 section 9); Dovecot also takes "7".
  if (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  const auto dash1 = text.find('-');
  const auto dash2 = text.find('-', dash1 + 1);
  if (dash1 == std::string_view::npos || dash2 == std::string_view::npos || dash2 != dash1 + 4 ||
      text.size() != dash2 + 1 + 4 + 1 + 8 + 1 + 5) {
    return std::nullopt;
  }
  int day = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int zone = 0;
  const std::string_view month = text.substr(dash1 + 1, 3);
  std::size_t monthIndex = kMonths.size();
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (iequals(kMonths[i], month)) {
      monthIndex = i;
    }
  }
  const std::string_view rest = text.substr(dash2 + 1);
  if (monthIndex == kMonths.size() || !digits(text.substr(0, dash1), day) || !digits(rest.substr(0, 4), year) ||
      rest[4] != ' ' || rest[7] != ':' || rest[10] != ':' || rest[13] != ' ' || !digits(rest.substr(5, 2), hour) ||
      !digits(rest.substr(8, 2), minute) || !digits(rest.substr(11, 2), second) ||
      (rest[14] != '+' && rest[14] != '-') || !digits(rest.substr(15, 4), zone)) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(monthIndex + 1)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const std::int64_t offset = ((zone / 100) * 60 + zone % 100) * 60 * (rest[14] == '-' ? -1 : 1);
  const auto days = sys_days(date).time_since_epoch().count();
  return static_cast<std::int64_t>(days) * 86400 + hour * 3600 + minute * 60 + second - offset;
}

std::string formatImapDateTime(std::int64_t unixSeconds) {
  using namespace std::chrono;
  const sys_days days{std::chrono::days{unixSeconds >= 0 ? unixSeconds / 86400 : (unixSeconds - 86399) / 86400}};
  const year_month_day date{days};
  const std::int64_t inDay = unixSeconds - static_cast<std::int64_t>(days.time_since_epoch().count()) * 86400;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%02u-%s-%04d %02d:%02d:%02d +0000", static_cast<unsigned>(date.day()),
                std::string(kMonths[static_cast<unsigned>(date.month()) - 1]).c_str(), static_cast<int>(date.year()),
                static_cast<int>(inDay / 3600), static_cast<int>(inDay / 60 % 60), static_cast<int>(inDay % 60));
  return buffer;
}

}  // namespace oxh::dovecot::imap
