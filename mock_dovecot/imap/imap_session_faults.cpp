// The session's side of the one-shot IMAP faults (imap_faults.hpp): BYE now, NO to the next
// command, a held tagged OK, a drop during IDLE; each applied fault is journaled as imap.fault.
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void ImapSession::faultApplied(const ImapFault& fault, const std::string& detail) {
  auto data = fault.toJson();
  data["session_user"] = user_;
  data["peer"] = options_.peer;
  emit("imap.fault", fault.actionName() + ": " + detail, std::move(data));
}

bool ImapSession::applyBye(const ImapFault& fault) {
  if (closing_ || (!fault.user.empty() && fault.user != user_)) {
    return false;
  }
  faultApplied(fault, "* BYE " + fault.text);
  fatal(fault.text);
  return true;
}

bool ImapSession::dropIfIdling() {
  if (!idling_ || closing_ || options_.faults == nullptr) {
    return false;
  }
  auto fault = options_.faults->take(ImapFault::Action::kDropIdle, user_, "IDLE");
  if (!fault) {
    return false;
  }
  faultApplied(*fault, "connection dropped during IDLE");
  // No BYE, no tagged reply: the TCP connection simply ends after what was already written.
  idling_ = false;
  fatal_ = true;
  closing_ = true;
  state_ = SessionState::kLogout;
  return true;
}

bool ImapSession::injectNo(const std::string& tag, const std::string& name) {
  if (options_.faults == nullptr) {
    return false;
  }
  auto fault = options_.faults->take(ImapFault::Action::kNo, user_, name);
  if (!fault) {
    return false;
  }
  faultApplied(*fault, tag + " " + fault->noText());
  replyTagged(tag, fault->noText());
  return true;
}

std::optional<std::chrono::milliseconds> ImapSession::newHold() {
  auto hold = newHold_;
  newHold_.reset();
  return hold;
}

void ImapSession::releaseHold() {
  holding_ = false;
  holdFrom_ = 0;
}

}  // namespace oxh::dovecot::imap
