// FakeDovecot's control-plane actions (DESIGN.md §4 "Control plane"): act on the mail store as
// another party would and arm one-shot IMAP faults. Every change goes through the store, so
// IMAP sessions see it as they see another client's change (untagged EXISTS / FETCH FLAGS /
// EXPUNGE, IDLE wake-ups), and a delivery into INBOX calls the push drivers as LMTP does.
//
//   POST dovecot_deliver      {"user", "mailbox"?, "message"? | "from"?, "subject"?, "body"?, "flags"?}
//   POST dovecot_flags        {"user", "mailbox"?, "uids": [..] | "uid", "flags": [..], "op"?: add|remove|replace}
//   POST dovecot_expunge      {"user", "mailbox"?, "uids": [..] | "uid"}
//   POST dovecot_uidvalidity  {"user", "mailbox"?, "uidvalidity"?}
//   POST dovecot_arm_fault    an ImapFault (imap/imap_faults.hpp)
//   GET  dovecot_state        users, mailboxes, messages, metadata, armed faults
// Bad input answers 400 {"error": "[oxh.dovecot.control] ..."}; an unknown user or mailbox 404.
// Changes are journaled (component "dovecot.control", kind "control.<action>"); armed faults as
// "fault.armed" (component "dovecot.imap").
#include "common/control/control_plane.hpp"
#include "common/error/error.hpp"
#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/store/mbox_reader.hpp"

namespace oxh::dovecot {

namespace {

// Thrown by the helpers below; the action turns it into an answer.
struct ControlError {
  int status;
  std::string message;
};

[[noreturn]] void fail(int status, const std::string& message) {
  throw ControlError{status, Error("oxh.dovecot.control", message).describe()};
}

nlohmann::json bodyOf(const http1::Request& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    fail(400, "the body must be a JSON object");
  }
  return body;
}

std::string text(const nlohmann::json& body, const char* key, const std::string& fallback, bool required = false) {
  if (!body.contains(key)) {
    if (required) {
      fail(400, std::string("'") + key + "' is required");
    }
    return fallback;
  }
  if (!body[key].is_string()) {
    fail(400, std::string("'") + key + "' must be a string");
  }
  return body[key].get<std::string>();
}

std::vector<std::uint32_t> uidsOf(const nlohmann::json& body) {
  std::vector<std::uint32_t> uids;
  auto add = [&](const nlohmann::json& value) {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() == 0 || value.get<std::uint64_t>() > 0xffffffffULL) {
      fail(400, "a UID is a number from 1 to 4294967295, got " + value.dump());
    }
    uids.push_back(value.get<std::uint32_t>());
  };
  if (body.contains("uid")) {
    add(body["uid"]);
  }
  if (body.contains("uids")) {
    if (!body["uids"].is_array()) {
      fail(400, "'uids' must be an array of UIDs");
    }
    for (const auto& value : body["uids"]) {
      add(value);
    }
  }
  if (uids.empty()) {
    fail(400, "'uid' or 'uids' is required");
  }
  return uids;
}

MessageFlags flagsOf(const nlohmann::json& body) {
  MessageFlags flags;
  if (!body.contains("flags")) {
    return flags;
  }
  if (!body["flags"].is_array()) {
    fail(400, "'flags' must be an array such as [\"\\\\Seen\", \"$cl_1\"]");
  }
  for (const auto& value : body["flags"]) {
    std::string error;
    if (!value.is_string() || !imap::parseFlag(value.get<std::string>(), flags, error)) {
      fail(400, value.is_string() ? error : "a flag is a string, got " + value.dump());
    }
  }
  return flags;
}

// The user and the stored name of the mailbox; 404 when either is missing.
std::pair<std::string, std::string> target(MailStore& store, const nlohmann::json& body) {
  const auto user = text(body, "user", "", true);
  if (!store.hasUser(user)) {
    fail(404, "no user '" + user + "'");
  }
  const auto mailbox = text(body, "mailbox", "INBOX");
  const auto found = store.findMailbox(user, mailbox);
  if (!found) {
    fail(404, "user '" + user + "' has no mailbox '" + mailbox + "'");
  }
  return {user, *found};
}

std::string messageOf(const nlohmann::json& body) {
  if (body.contains("message")) {
    return toCrlf(text(body, "message", ""));
  }
  std::string message = "From: " + text(body, "from", "Sender <sender@example.net>") + "\r\n";
  message += "Subject: " + text(body, "subject", "delivered by the control plane") + "\r\n";
  message += "\r\n" + toCrlf(text(body, "body", "")) + "\r\n";
  return message;
}

http1::Handler guarded(std::function<nlohmann::json(const http1::Request&)> action) {
  return [action = std::move(action)](const http1::Request& request) {
    try {
      return http1::Response::json(200, action(request));
    } catch (const ControlError& error) {
      return http1::Response::json(error.status, {{"error", error.message}});
    } catch (const OxhException& error) {
      return http1::Response::json(400, {{"error", error.error().describe()}});
    }
  };
}

}  // namespace

void FakeDovecot::registerControlActions(control::ControlPlane& control) {
  control.registerAction("dovecot_deliver", "POST", guarded([this](const http1::Request& request) {
    const auto body = bodyOf(request);
    const auto [user, mailbox] = target(store(), body);
    const auto flags = flagsOf(body);
    const auto delivered = deliver(user, mailbox, messageOf(body));
    if (!delivered) {
      fail(404, "user '" + user + "' has no mailbox '" + mailbox + "'");
    }
    if (body.contains("flags")) {
      store().storeFlags(user, delivered->mailbox, {delivered->uid}, FlagOperation::kAdd, flags);
    }
    nlohmann::json answer{{"mailbox", delivered->mailbox}, {"uid", delivered->uid}, {"uidvalidity", delivered->uidValidity}};
    journalControl("deliver", "delivered UID " + std::to_string(delivered->uid) + " to " + user + " " + delivered->mailbox,
                   {{"user", user}, {"answer", answer}});
    return answer;
  }));
  control.registerAction("dovecot_flags", "POST", guarded([this](const http1::Request& request) {
    const auto body = bodyOf(request);
    const auto [user, mailbox] = target(store(), body);
    const auto uids = uidsOf(body);
    const auto op = text(body, "op", "add");
    if (op != "add" && op != "remove" && op != "replace") {
      fail(400, "'op' is add, remove or replace, got '" + op + "'");
    }
    const auto operation = op == "remove" ? FlagOperation::kRemove : op == "replace" ? FlagOperation::kReplace : FlagOperation::kAdd;
    auto changed = nlohmann::json::array();
    for (const auto& message : store().storeFlags(user, mailbox, uids, operation, flagsOf(body))) {
      changed.push_back(message.uid);
    }
    journalControl("flags", op + " flags on " + user + " " + mailbox, {{"user", user}, {"request", body}, {"changed", changed}});
    return nlohmann::json{{"changed", changed}};
  }));
  control.registerAction("dovecot_expunge", "POST", guarded([this](const http1::Request& request) {
    const auto body = bodyOf(request);
    const auto [user, mailbox] = target(store(), body);
    const auto expunged = store().expungeUids(user, mailbox, uidsOf(body));
    if (expunged.empty()) {
      fail(404, "none of these UIDs is in " + mailbox);
    }
    journalControl("expunge", "expunged from " + user + " " + mailbox, {{"user", user}, {"expunged", expunged}});
    return nlohmann::json{{"expunged", expunged}};
  }));
  control.registerAction("dovecot_uidvalidity", "POST", guarded([this](const http1::Request& request) {
    const auto body = bodyOf(request);
    const auto [user, mailbox] = target(store(), body);
    std::optional<std::uint32_t> wanted;
    if (body.contains("uidvalidity")) {
      const auto& value = body["uidvalidity"];
      if (!value.is_number_unsigned() || value.get<std::uint64_t>() == 0 || value.get<std::uint64_t>() > 0xffffffffULL) {
        fail(400, "'uidvalidity' is a number from 1 to 4294967295, got " + value.dump());
      }
      wanted = value.get<std::uint32_t>();
    }
    const auto applied = store().setUidValidity(user, mailbox, wanted);
    journalControl("uidvalidity", "UIDVALIDITY of " + user + " " + mailbox + " is now " + std::to_string(applied.value_or(0)),
                   {{"user", user}, {"mailbox", mailbox}, {"uidvalidity", applied.value_or(0)}});
    return nlohmann::json{{"mailbox", mailbox}, {"uidvalidity", applied.value_or(0)}};
  }));
  control.registerAction("dovecot_arm_fault", "POST", guarded([this](const http1::Request& request) {
    auto fault = imap::ImapFault::fromJson(bodyOf(request));
    const auto echo = fault.toJson();
    arm(std::move(fault));
    return nlohmann::json{{"armed", echo}};
  }));
  control.registerAction("dovecot_state", "GET", guarded([this](const http1::Request&) { return state(); }));
}

}  // namespace oxh::dovecot
