#pragma once
// What a session with NOTIFY SET (RFC 5465) is told about other sessions' changes, as Dovecot
// 2.3.19 does it (confirmed against Dovecot 2.3.19, tests/peers/test_fake_dovecot_notify_catenate.py):
// nothing between commands; at the next sync point (NOOP and every command that syncs) or at
// once while idling:
// - a watched mailbox other than the selected one that got or lost messages (MessageNew /
//   MessageExpunge), or whose flags changed (FlagChange):
//   "* STATUS <box> (MESSAGES n UIDNEXT n UNSEEN n)" + " HIGHESTMODSEQ n" with CONDSTORE
//   (no UIDVALIDITY, unlike NOTIFY SET STATUS's first answer); a flag change alone gives only
//   what changed of UNSEEN and (with CONDSTORE) HIGHESTMODSEQ, and nothing without FlagChange.
//   Dovecot reports several mailboxes in the order its notifications arrive, which clients
//   must not rely on. Not modelled: real Dovecot creates auto-created mailboxes (Sent, Drafts, Trash)
//   on disk only when first used and mailbox indexes when first opened, so the first event of
//   such a mailbox may come with "* LIST" lines and UIDVALIDITY, or (for subscribed/mailboxes
//   filters, which watch only mailboxes existing at NOTIFY SET) not at all;
// - MailboxName: "* LIST () \"/\" <new>" for a created mailbox, "* LIST (\NonExistent) \"/\"
//   <gone>" for a deleted one; SubscriptionChange: "* LIST (\Subscribed) \"/\" <box>"
//   ("* LIST () ..." when unsubscribed);
// - the selected mailbox with (selected (MessageNew (fetch-att...) MessageExpunge)): after the
//   usual EXISTS/RECENT, one "* n FETCH (<fetch-att...>)" per message from the UIDNEXT the
//   session saw at SELECT (or past the last one reported) on: messages saved before NOTIFY SET
//   are included.
// Renames are reported by Dovecot with ("OLDNAME" (old)) but only after a delay, so not
// deterministically; the fake reports them as a deletion and a creation.
// Thread: the session's.
#include <cstdint>
#include <string>
#include <vector>

#include "mock_dovecot/imap/notify_spec.hpp"

namespace oxh::dovecot::imap {

class ImapSession;

// NOTIFY SET / NONE: replaces the session's notification state; the current state of every
// mailbox becomes the baseline changes are measured against.
void startNotify(ImapSession& session, NotifySpec spec);
// Untagged lines for what changed since the last report. `lastUidBefore`: the selected view's
// highest UID before this sync point's EXISTS.
void notifyAfterSync(ImapSession& session, std::uint32_t lastUidBefore);
// Drops from a sync point's untagged lines what NOTIFY turned off for the selected mailbox:
// "n EXISTS" / "n RECENT" / "n EXPUNGE" / "VANISHED" without MessageNew and MessageExpunge (the
// session's own EXPUNGE's too), "n FETCH (...)" flag changes (the session's own STORE's too)
// without FlagChange. Confirmed against Dovecot 2.3.19, also after NOTIFY NONE
// and NOTIFY SET without a selected filter (then neither is sent).
void filterSelectedLines(const ImapSession& session, std::vector<std::string>& lines);
// NOTIFY SET (selected (... MessageExpunge ...)), not selected-delayed: expunges are reported
// at once, also at the sync point of FETCH, STORE and SEARCH (confirmed against Dovecot 2.3.19:
// "FETCH 1 FLAGS" after another session's expunge ends with "* 1 EXPUNGE").
bool notifyImmediateExpunges(const ImapSession& session);
// Whether NOTIFY asks for events about this (non-selected) mailbox: wakes an idling session.
bool notifyWatches(const ImapSession& session, const std::string& mailbox);

}  // namespace oxh::dovecot::imap
