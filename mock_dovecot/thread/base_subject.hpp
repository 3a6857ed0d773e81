#pragma once
// RFC 5256 section 2.1 base subject as Dovecot computes it (imap_get_base_subject_cased in
// core:src/lib-imap/imap-base-subject.c, written against draft-ietf-imapext-sort-10).
// Thread: pure functions.
#include <string>
#include <string_view>

namespace oxh::dovecot::thread {

struct BaseSubject {
  // Decoded, titlecased and decomposed (i;unicode-casemap), so comparing with == and < is what
  // Dovecot's SORT SUBJECT and thread subject gathering do.
  std::string text;
  // Set when a "Re:"/"Fw:"/"Fwd:" leader, a "(fwd)" trailer or a "[fwd: ...]" wrapper was removed.
  bool isReplyOrForward = false;
};

BaseSubject extractBaseSubject(std::string_view rawSubject);

}  // namespace oxh::dovecot::thread
