#pragma once
// One session's view of its selected mailbox (RFC 3501 section 2.3.1.2: sequence numbers
// are per session). At a sync point the view is compared with the store's current snapshot
// and turned into untagged EXPUNGE / FETCH FLAGS / EXISTS / RECENT lines, in the order
// Dovecot's imap-sync.c sends them: flag changes ascending, expunges of a range descending,
// EXISTS and RECENT last (and EXPUNGE never when the command forbids it, RFC 3501 section 7.4.1).
// The view also holds what lives as long as the selection: the SEARCHRES saved result (RFC
// 5182) and the RETURN (UPDATE) searches (imap/search_updates.hpp), whose ESEARCH lines the
// sync adds (expunged members before the FETCH/EXPUNGE lines, the rest after EXISTS/RECENT).
// Thread: owned by one session.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mock_dovecot/imap/search_updates.hpp"
#include "mock_dovecot/store/mail_store.hpp"
#include "mock_dovecot/store/mailbox.hpp"

namespace oxh::dovecot::imap {

class SelectedView {
 public:
  // `recent`: UIDs whose \Recent flag this session owns.
  SelectedView(const MailboxSnapshot& snapshot, bool readOnly, std::set<std::uint32_t> recent);

  [[nodiscard]] const std::string& mailbox() const { return mailbox_; }
  void rename(std::string name) { mailbox_ = std::move(name); }
  [[nodiscard]] bool readOnly() const { return readOnly_; }
  [[nodiscard]] std::uint32_t uidValidity() const { return uidValidity_; }
  // Expunges with a higher mod-sequence may still be shown by this view (not yet announced):
  // the expunge log tail to ask MailStore::snapshot for. Every sync that sends EXPUNGE moves it.
  [[nodiscard]] std::uint64_t expungesPendingAfter() const { return expungesPendingAfter_; }
  // The selected mailbox's identity (MailboxSnapshot::createdOrder).
  [[nodiscard]] std::uint64_t identity() const { return identity_; }
  [[nodiscard]] std::size_t exists() const { return uids_.size(); }
  [[nodiscard]] const std::vector<std::uint32_t>& uids() const { return uids_; }
  [[nodiscard]] std::optional<std::size_t> sequenceOf(std::uint32_t uid) const;  // 1-based
  [[nodiscard]] std::uint32_t uidAt(std::size_t sequence) const;                 // 1-based
  [[nodiscard]] bool isRecent(std::uint32_t uid) const { return recent_.count(uid) != 0; }
  [[nodiscard]] std::size_t recentCount() const { return recent_.size(); }
  [[nodiscard]] const MessageFlags* flags(std::uint32_t uid) const;
  [[nodiscard]] std::uint32_t lastUid() const { return uids_.empty() ? 0 : uids_.back(); }
  // UIDNEXT as of the last sync point, and the messages without \Seen as the view knows them:
  // what STATUS on the selected mailbox reports (status_items.cpp).
  [[nodiscard]] std::uint32_t uidNext() const { return uidNext_; }
  [[nodiscard]] std::size_t unseen() const;

  // A command that changed flags itself and already told the client.
  void noteFlags(std::uint32_t uid, const MessageFlags& flags, std::uint64_t modseq);
  // A command that expunged and already sent EXPUNGE for these UIDs.
  void noteExpunged(std::uint32_t uid);

  // RFC 5182 SEARCHRES: the UIDs the last RETURN (SAVE) kept ("$"); nullopt before the first
  // SAVE of this selection. Kept as UIDs, so expunged messages drop out by themselves.
  [[nodiscard]] const std::optional<std::vector<std::uint32_t>>& savedResult() const { return saved_; }
  void saveResult(std::vector<std::uint32_t> ascendingUids) { saved_ = std::move(ascendingUids); }
  // RFC 5267 RETURN (UPDATE) searches of this selection.
  SearchUpdates& searchUpdates() { return updates_; }
  // Keywords a SEARCH KEYWORD named: Dovecot creates them in this session's view of the
  // mailbox only, so the next sync point announces them here and no other session ever sees
  // them (confirmed against Dovecot 2.3.19). A later SELECT of the same mailbox on that connection
  // still lists them (ImapSession::rememberedKeywords).
  void addSessionKeywords(const std::vector<std::string>& keywords) {
    sessionKeywords_.insert(sessionKeywords_.end(), keywords.begin(), keywords.end());
  }
  [[nodiscard]] const std::vector<std::string>& sessionKeywords() const { return sessionKeywords_; }
  // The keyword list as this session last announced it (FLAGS), in the order it learnt them.
  [[nodiscard]] const std::vector<std::string>& keywords() const { return keywords_; }
  // STORE on a message another session expunged that this view still shows: Dovecot applies it
  // to its view, so the next sync point reports the message's flags as changed, merged with a
  // change the other session made before its expunge (confirmed against Dovecot 2.3.19). Returns
  // false when `uid` is not such a message. `silent`: the view takes the result without a FETCH.
  bool storeOnExpunged(std::uint32_t uid, FlagOperation operation, const MessageFlags& flags, bool silent,
                       const MailboxSnapshot& now);

  // What FETCH FLAGS shows of a message another session expunged that the view still shows: the
  // system flags it had when expunged (or as this session's STORE left them) with the keywords the
  // view knew (confirmed against Dovecot 2.3.19: "\\Deleted \\Recent", the "$x" set with \\Deleted
  // only in the FETCH of the sync point after it). nullopt when `uid` is not such a message.
  [[nodiscard]] std::optional<MessageFlags> expungedFetchFlags(std::uint32_t uid, const MailboxSnapshot& now) const;

  // Untagged lines (without "* " and CRLF) for what changed since the last sync. `claimed`:
  // new UIDs whose \Recent this session just took. `condstore`: add MODSEQ to FETCH lines.
  std::vector<std::string> sync(const MailboxSnapshot& now, const std::vector<std::uint32_t>& claimed,
                                bool allowExpunge, bool condstore);

 private:
  struct Known {
    MessageFlags flags;
    std::uint64_t modseq = 0;
  };

  // What the store says of an expunged message the view still shows: STORE's result, else the
  // flags it had when expunged; nullopt when the expunge log does not know it.
  [[nodiscard]] std::optional<Known> expungedState(std::uint32_t uid, const MailboxSnapshot& now) const;

  std::string mailbox_;
  bool readOnly_;
  std::uint32_t uidValidity_;
  std::uint64_t identity_;
  std::uint64_t expungesPendingAfter_;
  std::uint32_t uidNext_;
  std::vector<std::uint32_t> uids_;
  std::map<std::uint32_t, Known> known_;
  // Flags of expunged messages still in the view as STORE left them (see storeOnExpunged).
  std::map<std::uint32_t, MessageFlags> expungedStored_;
  std::set<std::uint32_t> recent_;
  std::vector<std::string> keywords_;
  std::optional<std::vector<std::uint32_t>> saved_;
  SearchUpdates updates_;
  std::set<std::uint32_t> flagChanged_;  // since the last sync, for updates_
  std::vector<std::string> sessionKeywords_;
};

}  // namespace oxh::dovecot::imap
