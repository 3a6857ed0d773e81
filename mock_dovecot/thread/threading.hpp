#pragma once
// RFC 5256 SORT and THREAD for the fake Dovecot, with Dovecot 2.3's results (ties, missing and
// duplicate Message-IDs, reference loops, dates).
// Thread: pure functions.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::dovecot::thread {

// What SORT and THREAD need of one message. `id` is what the response names: a sequence
// number (THREAD/SORT) or a UID (UID THREAD/UID SORT).
struct MessageKeys {
  std::uint32_t id = 0;
  std::string subject;     // raw Subject header (may be MIME-encoded), empty when absent
  std::string messageId;   // raw Message-ID header
  std::string inReplyTo;   // raw In-Reply-To header
  std::string references;  // raw References header
  std::string from;        // raw From header (SORT FROM, DISPLAYFROM)
  std::string to;          // raw To header
  std::string cc;          // raw Cc header
  std::int64_t sentDate = 0;      // Date header in Unix seconds; 0 when missing/invalid
  bool hasSentDate = false;
  std::int64_t internalDate = 0;  // arrival time, Unix seconds
  std::uint64_t size = 0;         // RFC822.SIZE
};

enum class Algorithm { References, Refs, OrderedSubject };

// RFC 5256 section 2.1 base subject (decoded to UTF-8, "Re:", "Fwd:", "[list]" and "(fwd)" removed).
// Returned in Dovecot's comparison form: titlecased and decomposed (i;unicode-casemap), e.g.
// "Re: [list] Café" -> "CAFE\u0301". base_subject.hpp also says whether it was a reply/forward.
std::string baseSubject(std::string_view rawSubject);

// The THREAD response body after "* THREAD ": "(1 2)(3 (4)(5))", "" when no messages.
std::string thread(Algorithm algorithm, std::vector<MessageKeys> messages);

// Message order: THREAD sorts by id itself; ties everywhere fall to the lower id.
// Related helpers: parseSentDate() (sent_date.hpp) turns a Date header into `sentDate` the way
// Dovecot does.

// SORT program as the client sent it, e.g. {"REVERSE", "DATE", "SUBJECT"}; returns ids in
// order. Throws std::invalid_argument for an unknown key.
std::vector<std::uint32_t> sort(const std::vector<std::string>& program, std::vector<MessageKeys> messages);

}  // namespace oxh::dovecot::thread
