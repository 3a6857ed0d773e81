// The session's side of the one-shot IMAP faults (imap_faults.hpp): BYE now, NO to the next
// command, a held tagged OK, a drop during IDLE, a literal cut short; each applied fault is
// journaled as imap.fault.
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

bool ImapSession::truncateLiteral() {
  if (options_.faults == nullptr || options_.faults->empty() || closing_) {
    return false;
  }
  // The first literal of this command's answer: "{n}\r\n" (or "~{n}\r\n") with n > 1.
  std::size_t from = commandOutputFrom_ <= output_.size() ? commandOutputFrom_ : 0;
  std::size_t cut = std::string::npos;
  std::size_t size = 0;
  for (auto open = output_.find('{', from); open != std::string::npos; open = output_.find('{', open + 1)) {
    const auto close = output_.find("}\r\n", open);
    if (close == std::string::npos || close == open + 1 || close - open > 12 ||
        output_.find_first_not_of("0123456789", open + 1) != close) {
      continue;
    }
    size = std::stoul(output_.substr(open + 1, close - open - 1));
    if (size > 1) {
      cut = close + 3 + size / 2;
      break;
    }
  }
  if (cut == std::string::npos || cut > output_.size()) {
    return false;
  }
  auto fault = options_.faults->take(ImapFault::Action::kTruncateLiteral, user_, currentCommand_);
  if (!fault) {
    return false;
  }
  output_.resize(cut);
  faultApplied(*fault, "literal of " + std::to_string(size) + " bytes cut after " + std::to_string(size / 2) +
                           ", connection closed");
  // As a server that died mid-response: no tagged reply, no BYE; the bytes so far go out.
  fatal_ = true;
  closing_ = true;
  state_ = SessionState::kLogout;
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
