// Evaluation of SEARCH keys against one message (lib-storage index-search.c semantics).
#include <algorithm>

#include "mock_dovecot/imap/search_program.hpp"
#include "mock_dovecot/thread/sent_date.hpp"
#include "mock_dovecot/thread/unicode_fold.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t dayStart(std::int64_t seconds) {
  return (seconds >= 0 ? seconds / kDay : (seconds - kDay + 1) / kDay) * kDay;
}

// i;unicode-casemap substring match (RFC 5051), on whitespace-collapsed text as Dovecot's
// search does for headers.
bool containsFolded(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) {
    return true;
  }
  const std::string h = thread::titlecaseFolded(haystack);
  const std::string n = thread::titlecaseFolded(needle);
  return h.find(n) != std::string::npos;
}

bool inSet(const SequenceSet& set, std::uint32_t value, std::uint32_t star) {
  for (const auto& range : set) {
    const std::uint32_t first = range.first == kSeqStar ? star : range.first;
    const std::uint32_t last = range.last == kSeqStar ? star : range.last;
    if (value >= std::min(first, last) && value <= std::max(first, last)) {
      return true;
    }
  }
  return false;
}

std::optional<std::int64_t> dateOf(const SearchKey& key, const SearchSubject& subject) {
  switch (key.dateSource) {
    case DateSource::kInternal:
      return subject.message->internalDate;
    case DateSource::kSaved:
      return subject.message->saveDate;
    case DateSource::kSent: {
      // RFC 3501: the Date header's date, disregarding time and timezone. A missing or
      // invalid Date never matches.
      const auto header = subject.parsed->header("Date");
      if (!header) {
        return std::nullopt;
      }
      return thread::parseSentDate(*header);
    }
  }
  return std::nullopt;
}

bool matchesHeader(const SearchKey& key, const SearchSubject& subject) {
  for (const auto& value : subject.parsed->headers(key.name)) {
    if (containsFolded(mime::decodeHeaderValue(mime::unfold(value)), key.value)) {
      return true;
    }
  }
  // An empty string matches every message that has the header (RFC 3501 HEADER).
  return false;
}

bool matchesPositive(const SearchKey& key, const SearchSubject& subject) {
  const StoredMessage& message = *subject.message;
  switch (key.type) {
    case SearchKeyType::kAll:
      return true;
    case SearchKeyType::kSequenceSet:
      return inSet(key.set, static_cast<std::uint32_t>(subject.sequence), static_cast<std::uint32_t>(subject.exists));
    case SearchKeyType::kUidSet:
      return inSet(key.set, message.uid, subject.lastUid);
    case SearchKeyType::kSystemFlag:
      return (message.flags.system & key.flag) != 0;
    case SearchKeyType::kRecent:
      return subject.recent;
    case SearchKeyType::kKeyword:
      return std::any_of(message.flags.keywords.begin(), message.flags.keywords.end(),
                         [&key](const std::string& keyword) { return iequals(keyword, key.value); });
    case SearchKeyType::kBefore:
    case SearchKeyType::kOn:
    case SearchKeyType::kSince: {
      const auto when = dateOf(key, subject);
      if (!when) {
        return false;
      }
      const std::int64_t day = dayStart(*when);
      if (key.type == SearchKeyType::kBefore) {
        return day < key.date;
      }
      if (key.type == SearchKeyType::kOn) {
        return day == key.date;
      }
      return day >= key.date;
    }
    case SearchKeyType::kOlder:
      return message.internalDate <= subject.now - static_cast<std::int64_t>(key.number);
    case SearchKeyType::kYounger:
      return message.internalDate >= subject.now - static_cast<std::int64_t>(key.number);
    case SearchKeyType::kLarger:
      return message.raw->size() > key.number;
    case SearchKeyType::kSmaller:
      return message.raw->size() < key.number;
    case SearchKeyType::kHeader:
      if (key.value.empty()) {
        return !subject.parsed->headers(key.name).empty();
      }
      return matchesHeader(key, subject);
    case SearchKeyType::kBody:
      return containsFolded(subject.parsed->bodyText(), key.value);
    case SearchKeyType::kText: {
      const auto header = subject.parsed->section("HEADER").value_or("");
      return containsFolded(mime::decodeHeaderValue(header), key.value) ||
             containsFolded(subject.parsed->bodyText(), key.value);
    }
    case SearchKeyType::kModseq:
      return message.modseq >= key.number;
    case SearchKeyType::kAnd:
      return std::all_of(key.children.begin(), key.children.end(),
                         [&subject](const SearchKey& child) { return searchMatches(child, subject); });
    case SearchKeyType::kOr:
      return std::any_of(key.children.begin(), key.children.end(),
                         [&subject](const SearchKey& child) { return searchMatches(child, subject); });
  }
  return false;
}

}  // namespace

bool searchMatches(const SearchKey& key, const SearchSubject& subject) {
  return matchesPositive(key, subject) != key.negate;
}

bool searchNeedsParsed(const SearchKey& key) {
  switch (key.type) {
    case SearchKeyType::kHeader:
    case SearchKeyType::kBody:
    case SearchKeyType::kText:
      return true;
    case SearchKeyType::kBefore:
    case SearchKeyType::kOn:
    case SearchKeyType::kSince:
      return key.dateSource == DateSource::kSent;
    case SearchKeyType::kAnd:
    case SearchKeyType::kOr:
      return std::any_of(key.children.begin(), key.children.end(), searchNeedsParsed);
    default:
      return false;
  }
}

}  // namespace oxh::dovecot::imap
