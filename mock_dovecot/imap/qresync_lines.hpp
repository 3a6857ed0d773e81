#pragma once
// RFC 7162 QRESYNC's form of a sync point's untagged lines, as Dovecot 2.3.19 sends them once
// QRESYNC is enabled (confirmed against Dovecot 2.3.19): every "n FETCH (" carries "UID u"
// first, and the "n EXPUNGE" lines become one "VANISHED <uid-set>" where the first of them was
// (own EXPUNGE / UID EXPUNGE / MOVE as well as another session's expunges).
// Thread: free functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::dovecot::imap {

class ImapSession;

// `lines`: untagged lines without "* " in the order they will be sent; `uidsBefore`: the
// view's UIDs (ascending) before the sync, which the sequence numbers in `lines` refer to.
std::vector<std::string> qresyncLines(std::vector<std::string> lines, std::vector<std::uint32_t> uidsBefore);

// The "MODSEQ (n)" of an untagged FETCH line ("* 3 FETCH (UID 5 MODSEQ (12) FLAGS ())").
std::optional<std::uint64_t> fetchLineModseq(std::string_view line);

// Dovecot's imap_sync_send_highestmodseq (imap-sync.c) at the end of a sync point with QRESYNC
// enabled: the mailbox's HIGHESTMODSEQ is announced when it rose above what the client last
// heard at a full sync and above every MODSEQ it was sent in FETCH lines since (so after
// VANISHED or EXISTS, and after another session's change shown without MODSEQ); with expunges
// held back (FETCH/STORE/SEARCH) the highest FETCH MODSEQ instead. Updates the session's
// syncLastFullModseq / highestFetchModseq. Confirmed against Dovecot 2.3.19: "OK [HIGHESTMODSEQ
// n] NOOP completed.", "OK [HIGHESTMODSEQ n] Expunge completed.", and as an untagged
// "* OK [HIGHESTMODSEQ n] Highest" when the tagged reply has a code already (APPENDUID) or
// while idling.
std::optional<std::uint64_t> qresyncSyncModseq(ImapSession& session, bool expungesHeldBack);

}  // namespace oxh::dovecot::imap
