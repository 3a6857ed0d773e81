#pragma once
// A selected mailbox that another session deleted and created again under the same name while
// this session kept it selected. Dovecot 2.3.19 keeps the session's old view and answers from it
// what its index holds, and fails what needs the mailbox itself with an "Internal error"
// (confirmed against Dovecot 2.3.19, maildir, tests/peers/test_fake_dovecot_recreated.py):
// - NOOP, CHECK, EXPUNGE, UID EXPUNGE, MOVE, UID MOVE, CLOSE and IDLE (at its start and at each
//   wake-up) send an untagged "* NO Internal error occurred. ... [time]" and nothing else from
//   their sync point; EXPUNGE and CLOSE remove nothing; MOVE moves the new mailbox's message with
//   that UID (the storage below the view is the new one) and the view keeps it;
// - STORE, COPY, THREAD, SORT and SEARCH keys beyond flags, sequences and UIDs answer
//   "NO [SERVERBUG] Internal error occurred. ... [time]";
// - FETCH of UID, FLAGS and MODSEQ answers from the view; anything else ends the session with
//   "* BYE FETCH failed: Internal error occurred. ... [time]";
// - SELECT, EXAMINE and UNSELECT leave the state behind.
// A mailbox deleted without being re-created ends the session at its next sync point with
// "* BYE IMAP session state is inconsistent, please relogin." (also while idling).
// Thread: the session's.
#include <string>
#include <string_view>

namespace oxh::dovecot::imap {

class CommandContext;
class ImapSession;
struct SearchKey;

// True when the session has a mailbox selected and the store's mailbox of that name is another
// one than the session selected (deleted and created again).
bool selectionRecreated(ImapSession& session);

// "Internal error occurred. Refer to server log for more information. [YYYY-MM-DD HH:MM:SS]",
// the time in the server's local time zone as Dovecot prints it.
std::string internalErrorText();

// Answers "NO [SERVERBUG] <internalErrorText()>" and returns true when the selection was recreated.
bool refuseOnRecreatedSelection(CommandContext& ctx);

// True when a SEARCH key needs more than the view's flags, sequences and UIDs (dates, sizes,
// headers, body text).
bool searchNeedsMailboxData(const SearchKey& key);

// Commands whose sync point reports the broken mailbox with an untagged NO.
bool syncReportsRecreatedSelection(std::string_view command);

}  // namespace oxh::dovecot::imap
