#pragma once
// What a command handler (imap/commands/cmd_*.cpp) gets: the session, the parsed command and
// ways to answer. Replies are queued on the session's output; the tagged reply is written
// after the session's sync point (untagged EXISTS/EXPUNGE/... first, as Dovecot does).
// Thread: the session's.
#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

class ImapSession;

class CommandContext {
 public:
  CommandContext(ImapSession& session, std::string tag, std::string name, const ImapArgs& args)
      : session(session), tag(std::move(tag)), name(std::move(name)), args(args) {}

  ImapSession& session;
  const std::string tag;
  const std::string name;  // upper case, "UID FETCH" for UID commands
  const ImapArgs& args;

  // "* <text>"
  void untagged(std::string_view text);
  // Raw bytes (a literal in an untagged response); the caller writes CRLFs itself.
  void raw(std::string_view bytes);
  // Dovecot's client_read_string_args: the first `count` arguments as astrings; answers
  // "Missing arguments." / "Invalid arguments." itself and returns nullopt. Extra arguments
  // are ignored, as in Dovecot.
  std::optional<std::vector<std::string>> stringArgs(std::size_t count);
  // "<tag> OK <text>" etc.; the text is Dovecot's, without its timing suffix.
  void ok(std::string_view text) { tagged("OK " + std::string(text)); }
  void no(std::string_view text) { tagged("NO " + std::string(text)); }
  void bad(std::string_view text) { tagged("BAD " + std::string(text)); }
  void tagged(std::string text);
  // "BAD Error in IMAP command <NAME>: <error>", counted towards Dovecot's limit of invalid
  // commands (imap-client.c client_send_command_error).
  void commandError(std::string_view error);
  // The command answered through the session already (LOGIN's reply).
  void markAnswered() { taggedText_ = "\x01"; }
  // The command finishes later (IDLE, AUTHENTICATE, STARTTLS): the session keeps its tag.
  void defer() { deferred_ = true; }
  // No sync point for this reply (LOGOUT, errors).
  void skipSync() { syncAllowed_ = false; }
  // The sync point sends no EXPUNGE although the command's table entry would (UID SEARCH/SORT
  // with a sequence set: imap-search.c syncs with MAILBOX_SYNC_FLAG_NO_EXPUNGES).
  void syncWithoutExpunges() { noExpunges_ = true; }

  [[nodiscard]] bool answered() const { return !taggedText_.empty(); }
  [[nodiscard]] bool deferred() const { return deferred_; }
  [[nodiscard]] const std::string& taggedText() const { return taggedText_; }
  [[nodiscard]] bool syncAllowed() const { return syncAllowed_; }
  [[nodiscard]] bool noExpunges() const { return noExpunges_; }

 private:
  std::string taggedText_;
  bool deferred_ = false;
  bool syncAllowed_ = true;
  bool noExpunges_ = false;
};

}  // namespace oxh::dovecot::imap
