#pragma once
// One IMAP connection's protocol state, socket-free: bytes in (feed), bytes out (takeOutput).
// States per RFC 3501 section 3: not authenticated (Dovecot's imap-login), authenticated,
// selected, logout. Commands come from the command table (imap/command_table.hpp); after each
// command the selected mailbox is synced with the store (imap/selected_view.hpp).
//
// The transport (imap/imap_server.cpp) calls feed() with what it read, writes takeOutput(),
// closes when closing(), runs the TLS handshake when startTlsPending(), and forwards store
// change notifications to mailboxChanged() on the connection's strand.
// Thread: not thread-safe; one strand.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mock_dovecot/imap/capabilities.hpp"
#include "mock_dovecot/imap/command_parser.hpp"
#include "mock_dovecot/imap/command_table.hpp"
#include "mock_dovecot/imap/imap_faults.hpp"
#include "mock_dovecot/imap/selected_view.hpp"
#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot::imap {

enum class SessionState { kNotAuthenticated, kAuthenticated, kSelected, kLogout };

// Dovecot's limits (imap-common.h, imap-login-client.[ch], imap_max_line_length default).
inline constexpr std::size_t kMaxLineAfterLogin = 65536;
inline constexpr std::size_t kMaxLineBeforeLogin = 8192;
inline constexpr unsigned kMaxBadCommandsAfterLogin = 20;
inline constexpr unsigned kMaxBadCommandsBeforeLogin = 3;
// Biggest APPEND/SETMETADATA literal the fake accepts (Dovecot streams them without a limit;
// the fake keeps messages in memory).
inline constexpr std::uint64_t kMaxMessageLiteral = 64ULL * 1024 * 1024;

struct SessionOptions {
  const CapabilityProfile* profile = nullptr;  // nullptr: dovecot-2.3
  std::string greeting = "Dovecot (Debian) ready.";
  bool metadataEnabled = true;     // the client's address is in a metadata network
  bool startTlsAvailable = false;  // a TLS context exists for this plain connection
  bool secured = false;            // the connection is already TLS (imaps)
  std::string peer;                // "127.0.0.1:54321", for journals
  ImapFaults* faults = nullptr;    // armed one-shot faults (not owned); nullptr: none
};

struct SessionEvent {
  std::string kind;  // "imap.command", "imap.response"
  std::string summary;
  nlohmann::json data;
};
using SessionEventSink = std::function<void(const SessionEvent&)>;

class CommandContext;
struct NotifyState;  // imap/notify_events.cpp

class ImapSession {
 public:
  ImapSession(MailStore& store, SessionOptions options, SessionEventSink sink = {});
  ~ImapSession();
  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;

  void start();  // queues the greeting
  void feed(std::string_view bytes);
  std::string takeOutput();
  [[nodiscard]] bool closing() const { return closing_; }
  [[nodiscard]] bool startTlsPending() const { return startTlsPending_; }
  void tlsEstablished();
  void mailboxChanged(const std::string& login, const std::string& mailbox);
  void idleKeepalive();  // "* OK Still here" (Dovecot's imap_idle_notify_interval)
  [[nodiscard]] bool idling() const { return idling_; }

  // ---- one-shot faults (imap/imap_faults.hpp); each applied fault is journaled "imap.fault" ----
  // A `bye` fault: true when it matched this session (then "* BYE text" and closing()).
  bool applyBye(const ImapFault& fault);
  // Takes an armed drop_idle fault when idling: the connection closes without a word.
  bool dropIfIdling();
  // A `delay` fault holds the output from its tagged OK on: takeOutput() stops before it.
  // newHold() returns the delay once when a hold begins; releaseHold() lets the rest out.
  std::optional<std::chrono::milliseconds> newHold();
  void releaseHold();
  [[nodiscard]] bool holding() const { return holding_; }

  // ---- for command handlers ----
  MailStore& store() { return store_; }
  [[nodiscard]] SessionState state() const { return state_; }
  [[nodiscard]] const std::string& user() const { return user_; }
  [[nodiscard]] const SessionOptions& options() const { return options_; }
  [[nodiscard]] const CapabilityProfile& profile() const { return *options_.profile; }
  [[nodiscard]] std::string capabilities() const;  // for the current state
  SelectedView* selected() { return selected_ ? &*selected_ : nullptr; }
  // A message this session APPENDed to its selected mailbox (MailStore::append claimRecent): its
  // \Recent is this session's at the next sync point, as in Dovecot, where the appending session
  // sees it first (confirmed against Dovecot 2.3.19: another session idling on the mailbox gets
  // EXISTS without RECENT).
  void claimAppended(std::uint32_t uid) { appendedRecent_.push_back(uid); }
  // After a sync point: stores the \Seen that RETURN (UPDATE (BODY[])) lines showed, and the
  // view takes it without another FETCH (SearchUpdates::takeSeenByFetch).
  void storeSeenSetByUpdates();
  // What a SEARCH KEYWORD of this connection created in a mailbox (by its identity), kept when
  // the mailbox is left: the keyword list as the view last had it and the created keywords
  // (confirmed against Dovecot 2.3.19: a later SELECT lists them first, "foo bar", another
  // connection never).
  struct RememberedKeywords {
    std::vector<std::string> list;
    std::vector<std::string> created;
  };
  [[nodiscard]] const RememberedKeywords* rememberedKeywords(std::uint64_t mailboxIdentity) const;
  // Enters the authenticated state and answers `tag` as Dovecot does after a login.
  void loggedIn(const std::string& tag, const std::string& login);
  void select(SelectedView view);
  void unselect();
  void logout();  // after the reply: close
  void fatal(const std::string& byeText);  // "* BYE text", close
  void requestStartTls() { startTlsPending_ = true; }
  // The next raw line goes to `handler` instead of the parser (IDLE's DONE, SASL).
  void awaitLine(std::function<void(ImapSession&, const std::string&)> handler);
  // Finishes a deferred command (IDLE, AUTHENTICATE): sync point, then the tagged line.
  void finishDeferred(std::string text, bool sync);
  [[nodiscard]] const std::string& deferredTag() const { return deferredTag_; }
  void setIdling(bool idling) { idling_ = idling; }
  // A tagged reply outside a CommandContext (literal checks answer before the command runs).
  void replyTagged(const std::string& tag, std::string text);
  void commandError(const std::string& tag, const std::string& name, std::string_view error);
  void writeLine(std::string_view line);  // + CRLF
  void writeRaw(std::string_view bytes);

  // RFC 5161 ENABLE / RFC 7162: CONDSTORE enabled (explicitly or by a CONDSTORE command).
  [[nodiscard]] bool condstore() const { return enabled_.count("CONDSTORE") != 0; }
  void enable(const std::string& capability);
  [[nodiscard]] const std::set<std::string>& enabled() const { return enabled_; }
  [[nodiscard]] bool qresync() const { return enabled_.count("QRESYNC") != 0; }
  // NOTIFY SET (RFC 5465): what the session watches; nullptr after NOTIFY NONE or before NOTIFY.
  std::shared_ptr<NotifyState> notifyState;
  // After any NOTIFY (NONE too), the selected mailbox reports only what its selected filter
  // asks for: EXISTS/RECENT/EXPUNGE with MessageNew and MessageExpunge, FETCH of flag changes
  // with FlagChange
  // (imap/notify_events.hpp filterSelectedLines).
  bool notifySelectedCounts = true;
  bool notifySelectedFlags = true;
  // QRESYNC's HIGHESTMODSEQ bookkeeping (imap/qresync_lines.hpp qresyncSyncModseq).
  std::uint64_t syncLastFullModseq = 0;
  std::uint64_t highestFetchModseq = 0;  // highest MODSEQ in FETCH lines since the last sync
  // NOTIFY's MessageNew FETCHes cover UIDs from here (the UIDNEXT at SELECT, then past the last
  // one reported; confirmed against Dovecot 2.3.19).
  std::uint32_t notifyUidNext = 0;
  bool sentPreLoginCapability = false;  // Dovecot's capability resp-code workaround
  bool didStartTls = false;

  // Sync point: untagged updates for the selected mailbox.
  void sync(SyncMode mode);
  void syncSelected(SyncMode mode);  // the selected mailbox part of sync()

 private:
  void rememberSessionKeywords();  // before the selected view goes
  void process();
  void dispatch(ParseOutcome&& command);
  void invalidPreLoginCommand(const std::string& tag);
  LiteralVerdict literalPolicy(const LiteralRequest& request);
  std::string withTiming(std::string text) const;
  void emit(const std::string& kind, std::string summary, nlohmann::json data);
  void flushResponseJournal(const std::string& tag);
  void faultApplied(const ImapFault& fault, const std::string& detail);
  // A `no` fault for this command: answered, true.
  bool injectNo(const std::string& tag, const std::string& name);
  // truncate_literal: cuts this command's output halfway through its first literal and ends
  // the session instead of writing the tagged reply; false when not armed or no literal.
  bool truncateLiteral();

  MailStore& store_;
  SessionOptions options_;
  SessionEventSink sink_;
  CommandParser parser_;
  std::string output_;
  SessionState state_ = SessionState::kNotAuthenticated;
  std::string user_;
  std::optional<SelectedView> selected_;
  std::set<std::string> enabled_;
  unsigned badCommands_ = 0;
  bool closing_ = false;
  bool fatal_ = false;  // closed by "* BYE": no tagged reply follows
  bool startTlsPending_ = false;
  bool idling_ = false;
  std::function<void(ImapSession&, const std::string&)> lineHandler_;
  std::string deferredTag_;
  std::string deferredName_;
  SyncMode deferredSync_ = SyncMode::kFull;
  std::vector<std::string> responseLines_;  // since the current command began, for the journal
  std::map<std::uint64_t, RememberedKeywords> rememberedKeywords_;  // by mailbox identity
  std::vector<std::uint32_t> appendedRecent_;  // claimAppended(), taken by the next sync
  std::string currentCommand_;              // name of the command being answered, for faults
  std::size_t commandOutputFrom_ = 0;       // output_ offset where that command's answer begins
  bool holding_ = false;
  std::size_t holdFrom_ = 0;  // output_ offset where the held tagged OK begins
  std::optional<std::chrono::milliseconds> newHold_;
  bool taggedModseqAllowed_ = false;              // sync() runs right before a tagged reply
  std::optional<std::uint64_t> taggedModseq_;     // HIGHESTMODSEQ for that reply (QRESYNC)
};

}  // namespace oxh::dovecot::imap
