#pragma once
// SEARCH programs (RFC 3501 section 6.4.4; RFC 7162 MODSEQ; Dovecot's OLDER/YOUNGER) parsed as
// core:src/lib-storage/mail-search-register-imap.c and mail-search-build.c do, with their
// error texts, and evaluated against one message as lib-storage's index-search.c does:
// header and body keys are case-insensitive substring matches on decoded UTF-8 text
// (i;unicode-casemap), dates compare whole days, sequence sets see the session's numbering.
// Thread: value types and free functions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mock_dovecot/imap/imap_arg.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"
#include "mock_dovecot/mime/parsed_message.hpp"
#include "mock_dovecot/store/mailbox.hpp"

namespace oxh::dovecot::imap {

enum class SearchKeyType {
  kAll,
  kSequenceSet,
  kUidSet,
  kSystemFlag,
  kRecent,
  kKeyword,
  kBefore,  // date keys: `date` is a day start (UTC), `dateSource` says which date
  kOn,
  kSince,
  kOlder,  // OLDER/YOUNGER n seconds (RFC 5032)
  kYounger,
  kLarger,
  kSmaller,
  kHeader,  // `name` upper case ("FROM", "SUBJECT", any HEADER name), `value` UTF-8
  kBody,
  kText,
  kModseq,
  kAnd,  // parenthesised list (and the top level)
  kOr,
};

enum class DateSource { kInternal, kSent, kSaved };

struct SearchKey {
  SearchKeyType type = SearchKeyType::kAll;
  bool negate = false;
  SequenceSet set;
  std::uint8_t flag = 0;
  std::string name;
  std::string value;
  std::int64_t date = 0;
  DateSource dateSource = DateSource::kInternal;
  std::uint64_t number = 0;
  std::vector<SearchKey> children;
};

struct SearchProgram {
  SearchKey root;  // kAnd
  bool hasModseq = false;
  bool hasSequenceSet = false;
};

struct SearchParseError {
  std::string text;
  bool badCharset = false;  // "NO [BADCHARSET] ..." rather than BAD
};

// `args`: the search keys (after CHARSET). `now`: for OLDER/YOUNGER.
std::optional<SearchProgram> parseSearchProgram(const ImapArgs& args, std::size_t start, SearchParseError& error);

// What evaluation needs of one message. `parsed` is only read by header/body keys.
struct SearchSubject {
  const StoredMessage* message = nullptr;
  std::size_t sequence = 0;
  std::size_t exists = 0;         // for "*" in sequence sets
  std::uint32_t lastUid = 0;      // for "*" in UID sets
  bool recent = false;
  std::int64_t now = 0;
  const mime::ParsedMessage* parsed = nullptr;
};

bool searchMatches(const SearchKey& key, const SearchSubject& subject);
bool searchNeedsParsed(const SearchKey& key);

}  // namespace oxh::dovecot::imap
