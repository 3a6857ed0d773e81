// SORT (RFC 5256 section 3; DISPLAYFROM/DISPLAYTO from RFC 5957) with Dovecot's ordering rules
// (core:src/lib-storage/index/index-sort.c):
//  - REVERSE flips only the key it precedes;
//  - when every key is equal the lower sequence/UID comes first, also under REVERSE (confirmed
//    against Dovecot 2.3.19 for ARRIVAL, DATE, SIZE and the string keys, also on the second
//    SORT that runs from Dovecot's stored sort IDs);
//  - string keys compare bytewise after i;unicode-casemap folding (strcmp in Dovecot).
#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <variant>

#include "mock_dovecot/thread/address_key.hpp"
#include "mock_dovecot/thread/base_subject.hpp"
#include "mock_dovecot/thread/sort_keys.hpp"
#include "mock_dovecot/thread/threading.hpp"
#include "mock_dovecot/thread/unicode_fold.hpp"

namespace oxh::dovecot::thread {

std::string subjectSortKey(const MessageKeys& m) { return extractBaseSubject(m.subject).text; }

std::string mailboxSortKey(const std::string& header) {
  return header.empty() ? std::string() : titlecaseFolded(addressMailboxKey(header));
}

std::string displaySortKey(const std::string& header) {
  return header.empty() ? std::string() : titlecaseFolded(addressDisplayKey(header));
}

namespace {

enum class Key { Arrival, Cc, Date, From, Size, Subject, To, DisplayFrom, DisplayTo };

struct Criterion {
  Key key;
  bool reverse;
};

std::string upper(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

std::vector<Criterion> parseProgram(const std::vector<std::string>& program) {
  static const std::pair<const char*, Key> kNames[] = {
      {"ARRIVAL", Key::Arrival}, {"CC", Key::Cc},           {"DATE", Key::Date},
      {"FROM", Key::From},       {"SIZE", Key::Size},       {"SUBJECT", Key::Subject},
      {"TO", Key::To},           {"DISPLAYFROM", Key::DisplayFrom},
      {"DISPLAYTO", Key::DisplayTo}};
  std::vector<Criterion> out;
  bool reverse = false;
  for (const auto& word : program) {
    const std::string name = upper(word);
    if (name == "REVERSE") {
      if (reverse) {
        throw std::invalid_argument("REVERSE twice");
      }
      reverse = true;
      continue;
    }
    const auto* it = std::find_if(std::begin(kNames), std::end(kNames),
                                  [&](const auto& n) { return name == n.first; });
    if (it == std::end(kNames)) {
      throw std::invalid_argument("unknown sort key " + word);
    }
    out.push_back({it->second, reverse});
    reverse = false;
  }
  if (reverse || out.empty()) {
    throw std::invalid_argument("incomplete sort program");
  }
  return out;
}

using KeyValue = std::variant<std::int64_t, std::uint64_t, std::string>;

KeyValue keyValue(Key key, const MessageKeys& m) {
  switch (key) {
    case Key::Arrival: return m.internalDate;
    case Key::Date: return effectiveDate(m);
    case Key::Size: return m.size;
    case Key::Subject: return subjectSortKey(m);
    case Key::From: return mailboxSortKey(m.from);
    case Key::To: return mailboxSortKey(m.to);
    case Key::Cc: return mailboxSortKey(m.cc);
    case Key::DisplayFrom: return displaySortKey(m.from);
    case Key::DisplayTo: return displaySortKey(m.to);
  }
  return std::int64_t{0};
}

}  // namespace

std::vector<std::uint32_t> sort(const std::vector<std::string>& program,
                                std::vector<MessageKeys> messages) {
  const std::vector<Criterion> criteria = parseProgram(program);
  struct Row {
    std::uint32_t id;
    std::vector<KeyValue> values;
  };
  std::vector<Row> rows;
  rows.reserve(messages.size());
  for (const auto& m : messages) {
    Row row{m.id, {}};
    for (const auto& c : criteria) {
      row.values.push_back(keyValue(c.key, m));
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    for (std::size_t i = 0; i < criteria.size(); ++i) {
      if (a.values[i] == b.values[i]) {
        continue;
      }
      const bool less = a.values[i] < b.values[i];
      return criteria[i].reverse ? !less : less;
    }
    return a.id < b.id;
  });
  std::vector<std::uint32_t> ids;
  ids.reserve(rows.size());
  for (const auto& r : rows) {
    ids.push_back(r.id);
  }
  return ids;
}

}  // namespace oxh::dovecot::thread
