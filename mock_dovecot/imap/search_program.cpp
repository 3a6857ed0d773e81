#include "mock_dovecot/imap/search_program.hpp"

#include <array>
#include <cctype>
#include <limits>

#include "mock_dovecot/imap/imap_quote.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};

// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// imap_parse_date: "d-Mon-yyyy" (RFC 3501 date), day start in UTC.
std::optional<std::int64_t> parseDate(const std::string& text) {
  const auto dash1 = text.find('-');
  const auto dash2 = dash1 == std::string::npos ? std::string::npos : text.find('-', dash1 + 1);
  if (dash1 == std::string::npos || dash2 == std::string::npos || dash1 == 0 || dash1 > 2 ||
      dash2 != dash1 + 4 || text.size() != dash2 + 5) {
    return std::nullopt;
  }
  unsigned day = 0;
  for (std::size_t i = 0; i < dash1; ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
      return std::nullopt;
    }
    day = day * 10 + static_cast<unsigned>(text[i] - '0');
  }
  const std::string month = toLower(text.substr(dash1 + 1, 3));
  unsigned monthIndex = 0;
  while (monthIndex < kMonths.size() && kMonths[monthIndex] != month) {
    ++monthIndex;
  }
  std::int64_t year = 0;
  for (std::size_t i = dash2 + 1; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
      return std::nullopt;
    }
    year = year * 10 + (text[i] - '0');
  }
  if (monthIndex == kMonths.size() || day < 1 || day > 31) {
    return std::nullopt;
  }
  return daysFromCivil(year, monthIndex + 1, day) * 86400;
}

std::optional<std::uint64_t> parseNumber(const std::string& text, std::uint64_t max) {
  if (text.empty()) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (max - digit) / 10) {
      return std::nullopt;
    }
    value = value * 10 + digit;
  }
  return value;
}

struct Cursor {
  const ImapArgs* args;
  std::size_t pos;
};

class Builder {
 public:
  explicit Builder(SearchParseError& error, SearchProgram& program) : error_(error), program_(program) {}

  // mail_search_build_list: keys until the end of this list.
  bool list(Cursor cursor, SearchKey& out) {
    out.type = SearchKeyType::kAnd;
    cursors_.push_back(cursor);
    while (true) {
      SearchKey key;
      const int ret = keyInt(key);
      if (ret < 0) {
        return false;
      }
      if (ret == 0) {
        break;
      }
      out.children.push_back(std::move(key));
    }
    cursors_.pop_back();
    return true;
  }

 private:
  Cursor& cur() { return cursors_.back(); }
  [[nodiscard]] bool atEnd() { return cur().pos >= cur().args->size(); }

  bool fail(std::string text) {
    if (error_.text.empty()) {
      error_.text = std::move(text);
    }
    return false;
  }

  // mail_search_parse_string
  bool string(std::string& value) {
    if (atEnd()) {
      return fail("Missing parameter for search key");
    }
    const ImapArg& arg = (*cur().args)[cur().pos];
    if (arg.isList()) {
      return fail("Unexpected (");
    }
    value = arg.value;
    ++cur().pos;
    return true;
  }

  // 1: a key, 0: end of list, -1: error
  int keyInt(SearchKey& key) {
    if (atEnd()) {
      return 0;
    }
    const ImapArg& arg = (*cur().args)[cur().pos];
    ++cur().pos;
    if (arg.isList()) {
      if (!list(Cursor{&arg.list, 0}, key)) {
        return -1;
      }
      if (key.children.empty()) {
        fail("No search parameters inside list");
        return -1;
      }
      return 1;
    }
    if (arg.isString()) {
      fail("Unexpected string as search key: " + arg.value);
      return -1;
    }
    return build(toUpper(arg.value), key) ? 1 : -1;
  }

  bool keyRequired(SearchKey& key) {
    const int ret = keyInt(key);
    if (ret == 0) {
      fail("Missing argument");
    }
    return ret > 0;
  }

  bool flag(SearchKey& key, std::uint8_t bit, bool negate) {
    key.type = SearchKeyType::kSystemFlag;
    key.flag = bit;
    key.negate = negate;
    return true;
  }

  bool date(SearchKey& key, SearchKeyType type, DateSource source) {
    key.type = type;
    key.dateSource = source;
    std::string value;
    if (!string(value)) {
      return false;
    }
    auto parsed = parseDate(value);
    if (!parsed) {
      return fail("Invalid search date parameter");
    }
    key.date = *parsed;
    return true;
  }

  bool header(SearchKey& key, std::string name) {
    key.type = SearchKeyType::kHeader;
    key.name = std::move(name);
    return string(key.value);
  }

  bool build(const std::string& name, SearchKey& key) {
    static constexpr std::pair<std::string_view, std::uint8_t> kFlags[] = {
        {"ANSWERED", kFlagAnswered}, {"DELETED", kFlagDeleted}, {"DRAFT", kFlagDraft},
        {"FLAGGED", kFlagFlagged},   {"SEEN", kFlagSeen}};
    for (const auto& [word, bit] : kFlags) {
      if (name == word) {
        return flag(key, bit, false);
      }
      if (name == "UN" + std::string(word)) {
        return flag(key, bit, true);
      }
    }
    if (name == "NOT") {
      if (!keyRequired(key)) {
        return false;
      }
      key.negate = !key.negate;
      return true;
    }
    if (name == "OR") {
      key.type = SearchKeyType::kOr;
      do {
        SearchKey child;
        if (!keyRequired(child)) {
          return false;
        }
        key.children.push_back(std::move(child));
      } while (!atEnd() && (*cur().args)[cur().pos].astring() &&
               iequals(*(*cur().args)[cur().pos].astring(), "OR") && (++cur().pos, true));
      SearchKey last;
      if (!keyRequired(last)) {
        return false;
      }
      key.children.push_back(std::move(last));
      return true;
    }
    if (name == "ALL") {
      key.type = SearchKeyType::kAll;
      return true;
    }
    if (name == "UID") {
      key.type = SearchKeyType::kUidSet;
      std::string value;
      if (!string(value)) {
        return false;
      }
      if (value == "$") {
        key.value = "$";  // filled in from the saved result (resolveSavedResult)
        return true;
      }
      auto set = parseSequenceSet(value);
      if (!set) {
        return fail("Invalid UID messageset");
      }
      key.set = std::move(*set);
      return true;
    }
    if (name == "$") {
      // RFC 5182 section 2.1: "$" is a search key too (confirmed against Dovecot 2.3.19).
      key.type = SearchKeyType::kUidSet;
      key.value = "$";
      return true;
    }
    if (name == "RECENT" || name == "OLD") {
      key.type = SearchKeyType::kRecent;
      key.negate = name == "OLD";
      return true;
    }
    if (name == "NEW") {
      // NEW == (RECENT UNSEEN)
      key.type = SearchKeyType::kAnd;
      SearchKey recent;
      recent.type = SearchKeyType::kRecent;
      SearchKey unseen;
      flag(unseen, kFlagSeen, true);
      key.children = {recent, unseen};
      return true;
    }
    if (name == "KEYWORD" || name == "UNKEYWORD") {
      key.type = SearchKeyType::kKeyword;
      key.negate = name == "UNKEYWORD";
      return string(key.value);
    }
    static constexpr std::pair<std::string_view, std::pair<SearchKeyType, DateSource>> kDates[] = {
        {"BEFORE", {SearchKeyType::kBefore, DateSource::kInternal}},
        {"ON", {SearchKeyType::kOn, DateSource::kInternal}},
        {"SINCE", {SearchKeyType::kSince, DateSource::kInternal}},
        {"SENTBEFORE", {SearchKeyType::kBefore, DateSource::kSent}},
        {"SENTON", {SearchKeyType::kOn, DateSource::kSent}},
        {"SENTSINCE", {SearchKeyType::kSince, DateSource::kSent}},
        {"SAVEDBEFORE", {SearchKeyType::kBefore, DateSource::kSaved}},
        {"SAVEDON", {SearchKeyType::kOn, DateSource::kSaved}},
        {"SAVEDSINCE", {SearchKeyType::kSince, DateSource::kSaved}},
    };
    for (const auto& [word, spec] : kDates) {
      if (name == word) {
        return date(key, spec.first, spec.second);
      }
    }
    if (name == "LARGER" || name == "SMALLER") {
      key.type = name == "LARGER" ? SearchKeyType::kLarger : SearchKeyType::kSmaller;
      std::string value;
      if (!string(value)) {
        return false;
      }
      auto number = parseNumber(value, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
      if (!number) {
        return fail("Invalid search size parameter");
      }
      key.number = *number;
      return true;
    }
    if (name == "OLDER" || name == "YOUNGER") {
      key.type = name == "OLDER" ? SearchKeyType::kOlder : SearchKeyType::kYounger;
      std::string value;
      if (!string(value)) {
        return false;
      }
      auto number = parseNumber(value, std::numeric_limits<std::uint32_t>::max());
      if (!number || *number == 0) {
        return fail("Invalid search interval parameter");
      }
      key.number = *number;
      return true;
    }
    if (name == "FROM" || name == "TO" || name == "CC" || name == "BCC" || name == "SUBJECT") {
      return header(key, name);
    }
    if (name == "HEADER") {
      std::string field;
      if (!string(field)) {
        return false;
      }
      return header(key, toUpper(field));
    }
    if (name == "BODY" || name == "TEXT") {
      key.type = name == "BODY" ? SearchKeyType::kBody : SearchKeyType::kText;
      return string(key.value);
    }
    if (name == "MODSEQ") {
      return modseq(key);
    }
    if (!name.empty() && (name[0] == '*' || std::isdigit(static_cast<unsigned char>(name[0])) != 0)) {
      key.type = SearchKeyType::kSequenceSet;
      auto set = parseSequenceSet(name);
      if (!set) {
        return fail("Invalid messageset");
      }
      key.set = std::move(*set);
      program_.hasSequenceSet = true;
      return true;
    }
    return fail("Unknown argument " + name);
  }

  // MODSEQ [<entry-name> <entry-type-req>] <mod-sequence-valzer> (RFC 7162 section 3.1.5).
  bool modseq(SearchKey& key) {
    key.type = SearchKeyType::kModseq;
    program_.hasModseq = true;
    std::string value;
    if (!string(value)) {
      return false;
    }
    if (toLower(value).rfind("/flags/", 0) == 0) {
      std::string type;
      if (!string(type)) {
        return false;
      }
      if (!iequals(type, "all") && !iequals(type, "priv") && !iequals(type, "shared")) {
        return fail("Invalid MODSEQ type");
      }
      if (!string(value)) {
        return false;
      }
    }
    auto number = parseNumber(value, std::numeric_limits<std::uint64_t>::max());
    if (!number) {
      return fail("Invalid MODSEQ value");
    }
    key.number = *number;
    return true;
  }

  SearchParseError& error_;
  SearchProgram& program_;
  std::vector<Cursor> cursors_;
};

}  // namespace

std::optional<SearchProgram> parseSearchProgram(const ImapArgs& args, std::size_t start, SearchParseError& error) {
  SearchProgram program;
  Builder builder(error, program);
  if (!builder.list(Cursor{&args, start}, program.root)) {
    return std::nullopt;
  }
  return program;
}

}  // namespace oxh::dovecot::imap
