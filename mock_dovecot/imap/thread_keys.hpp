#pragma once
// The thread::MessageKeys of matched messages, for SORT and THREAD (RFC 5256): raw headers,
// the Date header as Dovecot parses it, INTERNALDATE and size. `byUid` names messages by UID
// (UID SORT / UID THREAD), otherwise by sequence number.
// Thread: the session's.
#include <cstdint>
#include <vector>

#include "mock_dovecot/imap/message_access.hpp"
#include "mock_dovecot/thread/threading.hpp"

namespace oxh::dovecot::imap {

std::vector<thread::MessageKeys> threadKeys(MessageAccess& access, const std::vector<std::uint32_t>& uids, bool byUid);

}  // namespace oxh::dovecot::imap
