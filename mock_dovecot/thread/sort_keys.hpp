#pragma once
// Per-message values SORT and THREAD compare (RFC 5256 sections 2.2 and 3, RFC 5957).
// Thread: pure functions.
#include <cstdint>
#include <string>

#include "mock_dovecot/thread/threading.hpp"

namespace oxh::dovecot::thread {

// RFC 5256 section 2.2 sent date; Dovecot falls back to INTERNALDATE when the Date header is
// missing, unparsable or exactly 0 (mail_get_date() gives 0 then).
inline std::int64_t effectiveDate(const MessageKeys& m) {
  return m.hasSentDate && m.sentDate != 0 ? m.sentDate : m.internalDate;
}

// SORT SUBJECT / thread-subject key: base subject, titlecased ("" when absent).
std::string subjectSortKey(const MessageKeys& m);
// SORT FROM/TO/CC key: first mailbox's local part, titlecased.
std::string mailboxSortKey(const std::string& header);
// SORT DISPLAYFROM/DISPLAYTO key: decoded display name or "local@domain", titlecased.
std::string displaySortKey(const std::string& header);

}  // namespace oxh::dovecot::thread
