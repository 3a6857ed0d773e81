#pragma once
// SELECT/EXAMINE ... (QRESYNC (uidvalidity modseq [known-uids [(seqs uids)]])) (RFC 7162
// section 3.2.5) as Dovecot 2.3.19's cmd-select.c reads and answers it (confirmed against
// Dovecot 2.3.19):
// - errors: "QRESYNC parameters missing" (no list after QRESYNC), "QRESYNC not enabled",
//   "Invalid QRESYNC parameters" (uidvalidity/modseq not numbers, junk after the sets),
//   "Invalid QRESYNC known-uids" (also for "1:*": no "*"), "Invalid QRESYNC known-sequence-set"
//   / "Invalid QRESYNC known-uid-set" (a set of seq-match-data that does not parse or has a
//   "*"), "Too many parameters to QRESYNC known set", "Invalid QRESYNC sets" (sets of
//   different sizes); a mod-sequence of 0 is accepted;
// - after "OK [HIGHESTMODSEQ n]": when the UIDVALIDITY matches, "* VANISHED (EARLIER) <uids>"
//   for known UIDs expunged after modseq, then "* n FETCH (UID u FLAGS (...) MODSEQ (m))" for
//   every known message changed after modseq; nothing when UIDVALIDITY differs. Dovecot keeps
//   its whole expunge log, so seq-match-data never changes the answer (it is only a fallback
//   when the log is too short).
// Thread: free functions.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mock_dovecot/imap/imap_arg.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"
#include "mock_dovecot/store/mailbox.hpp"

namespace oxh::dovecot::imap {

class CommandContext;

struct QresyncParameters {
  std::uint32_t uidValidity = 0;
  std::uint64_t modseq = 0;
  SequenceSet knownUids;  // 1:* when not given
};

// `list`: the list after QRESYNC. nullopt with `error` set (text for commandError).
std::optional<QresyncParameters> parseQresyncParameters(const ImapArg& list, std::string& error);

// The VANISHED (EARLIER) and FETCH lines after a successful SELECT; `recent`: whether this
// session owns the message's \Recent.
// `expunged`: the mailbox's expunge log (MailStore::expungeLog).
void sendQresyncChanges(CommandContext& ctx, const QresyncParameters& parameters, const MailboxSnapshot& snapshot,
                        const std::vector<ExpungeRecord>& expunged, const std::set<std::uint32_t>& recent);

}  // namespace oxh::dovecot::imap
