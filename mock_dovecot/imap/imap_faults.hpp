#pragma once
// One-shot IMAP faults (DESIGN.md §4 "Two modes per fake"), armed through the control plane
// or the `dovecot.arm` scenario step:
//   bye       "* BYE <text>" now, to every (or one) open session of the user, then close;
//   no        the next command answers "<tag> NO [<code>] <text>" instead of running;
//   delay     the next tagged OK is held back for `delay`;
//   drop_idle the connection is closed without a word when the next IDLE starts, or at once
//             when a session is idling already;
//   truncate_literal  the next response carrying a literal ({n} then n bytes: FETCH BODY[],
//             RFC822, GETMETADATA values) stops halfway through the literal's bytes and the
//             connection closes, with no tagged reply;
//   expunge_storm  at once, the first `messages` messages of `mailbox` (all when 0) are
//             expunged as by another client, so every session with it selected gets a burst
//             of untagged EXPUNGEs (IDLE ones at once, others at their next command).
// `user` empty matches every session (before login too); `command` (no, delay) limits the
// fault to one command name, e.g. "SELECT" or "UID FETCH". A fault applies `count` times.
// Thread: ImapFaults is safe from any thread (one mutex).
#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace oxh::dovecot::imap {

struct ImapFault {
  enum class Action { kBye, kNo, kDelay, kDropIdle, kTruncateLiteral, kExpungeStorm };
  Action action = Action::kNo;
  std::string user;
  std::string command;  // upper case; empty = any
  std::string text;     // BYE / NO text
  std::string code;     // NO response code without brackets, e.g. "UNAVAILABLE", "OVERQUOTA", "ALERT"
  std::chrono::milliseconds delay{0};
  bool everySession = true;  // bye: all of the user's sessions, or only one
  int count = 1;
  std::string mailbox = "INBOX";  // expunge_storm
  std::size_t messages = 0;       // expunge_storm: how many (0 = all)

  // {"action": "bye|no|delay|drop_idle|truncate_literal|expunge_storm", "user", "command",
  //  "text", "code", "delay_ms", "sessions": "all|one", "count", "mailbox", "messages"}; throws OxhException [oxh.dovecot.fault] naming the field.
  static ImapFault fromJson(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json toJson() const;
  [[nodiscard]] std::string actionName() const;
  // "NO [UNAVAILABLE] text": the tagged text of a `no` fault.
  [[nodiscard]] std::string noText() const;
};

class ImapFaults {
 public:
  void arm(ImapFault fault);
  // The first armed fault of this action for (user, command), used once; nullopt when none.
  std::optional<ImapFault> take(ImapFault::Action action, const std::string& user, const std::string& command);
  [[nodiscard]] std::vector<ImapFault> armed() const;
  // True when nothing is armed; lock-free, for the per-command and per-reply checks.
  [[nodiscard]] bool empty() const { return armedCount_.load(std::memory_order_relaxed) == 0; }
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<ImapFault> armed_;
  std::atomic<std::size_t> armedCount_{0};
};

}  // namespace oxh::dovecot::imap
