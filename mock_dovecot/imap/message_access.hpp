#pragma once
// What a message command (FETCH, STORE, SEARCH, SORT, THREAD) reads of the selected mailbox:
// the store's current data for the messages the session's view knows, their sequence numbers,
// and each message parsed once per command. Also the RFC 7162 bits several commands share.
// Thread: the session's; one instance per command.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mock_dovecot/mime/parsed_message.hpp"
#include "mock_dovecot/store/mailbox.hpp"

namespace oxh::dovecot::imap {

class CommandContext;
class ImapSession;
class SelectedView;

class MessageAccess {
 public:
  explicit MessageAccess(ImapSession& session);

  [[nodiscard]] bool valid() const { return snapshot_.has_value(); }
  [[nodiscard]] const MailboxSnapshot& mailbox() const { return *snapshot_; }
  // nullptr when the message is gone from the store (expunged by another session).
  [[nodiscard]] const StoredMessage* message(std::uint32_t uid) const;
  [[nodiscard]] const mime::ParsedMessage& parsed(const StoredMessage& message);
  [[nodiscard]] std::size_t sequence(std::uint32_t uid) const;  // 1-based, in the view
  [[nodiscard]] bool recent(std::uint32_t uid) const;
  // Every UID of the view (ascending), including messages another session expunged that this
  // session has not been told about yet.
  [[nodiscard]] std::vector<std::uint32_t> visibleUids() const;
  // message(), or for an expunged message the flags the session last saw and no content: a
  // SEARCH still sees it until the EXPUNGE is sent, as in Dovecot's index view (confirmed
  // against Dovecot 2.3.19: "SEARCH ALL" lists it).
  [[nodiscard]] const StoredMessage* searchable(std::uint32_t uid) const;
  // searchable(), with the flags the session's view holds: SEARCH (and SORT/THREAD) see
  // another session's flag change only after this session's next sync point (confirmed against
  // Dovecot 2.3.19: "SEARCH FLAGGED" right after another session's STORE answers without the
  // message and reports the change after the result, while a FETCH FLAGS shows the new flags;
  // tests/peers/test_sync_order_conformance.py, tests/integration/test_facade_api.py).
  [[nodiscard]] const StoredMessage* searchableAsViewed(std::uint32_t uid) const;
  // The flags FETCH shows: the store's, or for a message another session expunged what
  // SelectedView::expungedFetchFlags says.
  [[nodiscard]] MessageFlags fetchFlags(const StoredMessage& message) const;
  void refresh();

 private:
  ImapSession& session_;
  std::optional<MailboxSnapshot> snapshot_;
  std::map<std::uint32_t, std::size_t> index_;
  std::map<std::uint32_t, StoredMessage> ghosts_;
  std::map<std::uint32_t, StoredMessage> viewed_;  // live messages whose flags the view sees older
  std::map<std::uint32_t, std::unique_ptr<mime::ParsedMessage>> parsed_;
};

// Dovecot's client_enable(CONDSTORE) from inside a command (FETCH MODSEQ, CHANGEDSINCE,
// UNCHANGEDSINCE, SEARCH MODSEQ): with a mailbox selected it announces
// "* OK [HIGHESTMODSEQ n] Highest" (confirmed against Dovecot 2.3.19).
void enableCondstore(CommandContext& ctx);

// Sends "* FLAGS (...)" and "* OK [PERMANENTFLAGS (...)]" when the mailbox has keywords the
// session has not been told about yet, and nothing else. FETCH does this before its own
// lines (confirmed against Dovecot 2.3.19: another session's new keyword is announced before
// the FETCH response).
void announceKeywords(CommandContext& ctx);

// A sync point for a command that changed flags itself (STORE, FETCH's implicit \Seen), in the
// form of Dovecot's imap-sync.c: FLAGS/PERMANENTFLAGS for new keywords, then one FETCH per
// changed message ascending with "UID n" first when `sendUid` (UID STORE), MODSEQ with
// CONDSTORE, then EXPUNGE/EXISTS/RECENT. `hidden`: messages whose change the client must not
// be told about (.SILENT, implicit \Seen already shown); with CONDSTORE they still get a
// "FETCH (MODSEQ (n))" (RFC 7162 section 3.1.3, confirmed against Dovecot 2.3.19).
void syncFlagChanges(CommandContext& ctx, bool allowExpunge, bool sendUid, const std::set<std::uint32_t>& hidden,
                     bool hiddenModseq);

}  // namespace oxh::dovecot::imap
