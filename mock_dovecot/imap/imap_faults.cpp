#include "mock_dovecot/imap/imap_faults.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "common/error/error.hpp"

namespace oxh::dovecot::imap {

namespace {

using Action = ImapFault::Action;

constexpr std::array<std::pair<Action, std::string_view>, 6> kActions{
    {{Action::kBye, "bye"}, {Action::kNo, "no"}, {Action::kDelay, "delay"}, {Action::kDropIdle, "drop_idle"},
     {Action::kTruncateLiteral, "truncate_literal"}, {Action::kExpungeStorm, "expunge_storm"}}};

[[noreturn]] void bad(const std::string& what) { throw OxhException(Error("oxh.dovecot.fault", what)); }

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

std::string stringField(const nlohmann::json& json, const char* key) {
  if (!json.contains(key)) {
    return {};
  }
  if (!json[key].is_string()) {
    bad(std::string("'") + key + "' must be a string, got " + json[key].dump());
  }
  return json[key].get<std::string>();
}

std::int64_t numberField(const nlohmann::json& json, const char* key, std::int64_t fallback) {
  if (!json.contains(key)) {
    return fallback;
  }
  if (!json[key].is_number_integer() || json[key].get<std::int64_t>() < 0) {
    bad(std::string("'") + key + "' must be a non-negative integer, got " + json[key].dump());
  }
  return json[key].get<std::int64_t>();
}

bool printable(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x20 && c != 0x7f; });
}

}  // namespace

ImapFault ImapFault::fromJson(const nlohmann::json& json) {
  if (!json.is_object()) {
    bad("a fault is a JSON object, got " + json.dump());
  }
  static const std::vector<std::string> kKeys{"action", "user",     "command", "text",    "code",
                                                 "delay_ms", "sessions", "count",   "mailbox", "messages"};
  for (const auto& [key, value] : json.items()) {
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      bad("unknown field '" + key + "' (known: action, user, command, text, code, delay_ms, sessions, count, mailbox, "
          "messages)");
    }
  }
  ImapFault fault;
  const auto action = stringField(json, "action");
  const auto found = std::find_if(kActions.begin(), kActions.end(), [&](const auto& pair) { return pair.second == action; });
  if (found == kActions.end()) {
    bad("'action' is bye, no, delay, drop_idle, truncate_literal or expunge_storm, got '" + action + "'");
  }
  fault.action = found->first;
  fault.user = stringField(json, "user");
  fault.command = upper(stringField(json, "command"));
  fault.text = stringField(json, "text");
  fault.code = upper(stringField(json, "code"));
  if (!printable(fault.text) || !printable(fault.code) || fault.code.find_first_of("[] ") != std::string::npos) {
    bad("'text' and 'code' must be printable, and 'code' a single atom without brackets");
  }
  fault.delay = std::chrono::milliseconds(numberField(json, "delay_ms", 0));
  fault.count = static_cast<int>(numberField(json, "count", 1));
  if (fault.count < 1) {
    bad("'count' must be at least 1");
  }
  const auto sessions = json.contains("sessions") ? stringField(json, "sessions") : std::string("all");
  if (sessions != "all" && sessions != "one") {
    bad("'sessions' is all or one, got '" + sessions + "'");
  }
  fault.everySession = sessions == "all";
  if (json.contains("mailbox")) {
    fault.mailbox = stringField(json, "mailbox");
  }
  const auto messages = numberField(json, "messages", 0);
  if (messages < 0) {
    bad("'messages' must be 0 (all) or more");
  }
  fault.messages = static_cast<std::size_t>(messages);
  if (fault.action == Action::kExpungeStorm && fault.user.empty()) {
    bad("an expunge_storm needs 'user' (whose mailbox loses its messages)");
  }
  if (fault.action == Action::kDelay && fault.delay.count() == 0) {
    bad("a delay fault needs 'delay_ms' > 0");
  }
  if (fault.action != Action::kNo && !fault.code.empty()) {
    bad("'code' is for action no");
  }
  if (fault.text.empty()) {
    // Dovecot's texts: shutdown BYE (imap-client.c) and MAIL_ERRSTR_CRITICAL_MSG.
    fault.text = fault.action == Action::kBye ? "Server shutting down."
                                              : "Internal error occurred. Refer to server log for more information.";
  }
  return fault;
}

std::string ImapFault::actionName() const {
  for (const auto& [value, name] : kActions) {
    if (value == action) {
      return std::string(name);
    }
  }
  return "?";
}

nlohmann::json ImapFault::toJson() const {
  nlohmann::json out{{"action", actionName()}, {"user", user}, {"count", count}};
  if (!command.empty()) {
    out["command"] = command;
  }
  if (action == Action::kBye || action == Action::kNo) {
    out["text"] = text;
  }
  if (!code.empty()) {
    out["code"] = code;
  }
  if (action == Action::kDelay) {
    out["delay_ms"] = delay.count();
  }
  if (action == Action::kBye) {
    out["sessions"] = everySession ? "all" : "one";
  }
  if (action == Action::kExpungeStorm) {
    out["mailbox"] = mailbox;
    out["messages"] = messages;
  }
  return out;
}

std::string ImapFault::noText() const { return "NO " + (code.empty() ? std::string() : "[" + code + "] ") + text; }

void ImapFaults::arm(ImapFault fault) {
  std::lock_guard lock(mutex_);
  armed_.push_back(std::move(fault));
  armedCount_ = armed_.size();
}

std::optional<ImapFault> ImapFaults::take(ImapFault::Action action, const std::string& user, const std::string& command) {
  if (empty()) {
    return std::nullopt;
  }
  std::lock_guard lock(mutex_);
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (it->action != action || (!it->user.empty() && it->user != user) ||
        (!it->command.empty() && it->command != upper(command))) {
      continue;
    }
    ImapFault fault = *it;
    if (--it->count <= 0) {
      armed_.erase(it);
      armedCount_ = armed_.size();
    }
    return fault;
  }
  return std::nullopt;
}

std::vector<ImapFault> ImapFaults::armed() const {
  std::lock_guard lock(mutex_);
  return armed_;
}

void ImapFaults::clear() {
  std::lock_guard lock(mutex_);
  armed_.clear();
  armedCount_ = 0;
}

}  // namespace oxh::dovecot::imap
