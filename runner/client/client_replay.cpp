// MobileClient::replay: the offline queue sent in order (mobile_client.hpp states the rules).
#include "runner/client/mobile_client.hpp"

namespace oxh::client {

MobileClient::Answer MobileClient::update(const std::string& folder, const std::string& id, const nlohmann::json& body) {
  AjaxRequest request;
  request.method = "PUT";
  request.path = "/ajax/mail";
  request.query = {{"action", "update"}, {"folder", folder}, {"id", id}};
  request.body = body.dump();
  request.contentType = "application/json";
  return ask(request);
}

// Where the operation's mail is now: in `preferred` (Found), in another folder (Elsewhere), nowhere
// (Gone). By Message-ID when the mail has one, else by id and subject in `preferred`.
MobileClient::Located MobileClient::locate(const Operation& op, const std::string& preferred) {
  Located out;
  auto mails = listFolder(preferred);
  if (!mails) return {Where::Unreachable, "", ""};
  for (const auto& mail : *mails) {
    const bool same = !op.messageId.empty() ? mail.messageId == op.messageId
                                            : (mail.id == op.mailId && mail.subject == op.subject);
    if (same) return {Where::Found, mail.folder, mail.id};
  }
  if (op.messageId.empty()) return out;
  for (const auto& folder : store_.folders()) {
    if (folder.id == preferred) continue;
    auto others = listFolder(folder.id);
    if (!others) return {Where::Unreachable, "", ""};
    for (const auto& mail : *others) {
      if (mail.messageId == op.messageId) return {Where::Elsewhere, mail.folder, mail.id};
    }
  }
  return out;
}

MobileClient::Outcome MobileClient::applyFlags(Operation& op, std::string& note) {
  const auto found = locate(op, op.folder);
  if (found.where == Where::Unreachable) return Outcome::Unreachable;
  if (found.where == Where::Gone) {
    note = "deleted on the server";
    return Outcome::Conflict;
  }
  if (found.where == Where::Elsewhere) {
    note = "moved on the server to " + found.folder;
    return Outcome::Conflict;
  }
  if (!op.mailId.empty() && found.id != op.mailId) {
    // The id the client had no longer names the mail (e.g. a new UIDVALIDITY): re-located.
    this->note("client.relocated", op.id + " " + op.messageId + " id " + op.mailId + " -> " + found.id,
               {{"op", op.id}, {"message_id", op.messageId}, {"old_id", op.mailId}, {"new_id", found.id}, {"folder", found.folder}});
  }
  nlohmann::json body;
  switch (op.kind) {
    case OpKind::Read: body = {{"flags", kFlagSeen}, {"value", true}}; break;
    case OpKind::Unread: body = {{"flags", kFlagSeen}, {"value", false}}; break;
    case OpKind::Flag: body = {{"flags", kFlagFlagged}, {"value", true}}; break;
    case OpKind::Unflag: body = {{"flags", kFlagFlagged}, {"value", false}}; break;
    case OpKind::Color: body = {{"color_label", op.color}}; break;
    default: body = {{"folder_id", op.destination}}; break;  // Move, UndoDelete
  }
  const auto answer = update(found.folder, found.id, body);
  if (!answer.reachable) return Outcome::Unreachable;
  if (answer.code == "MSG-0032") {
    note = "deleted on the server";
    return Outcome::Conflict;
  }
  if (!answer.code.empty()) {
    note = "refused: " + answer.code;
    return Outcome::Conflict;
  }
  note = found.id == op.mailId ? "" : "re-located by Message-ID as " + found.folder + "/" + found.id;
  return Outcome::Done;
}

MobileClient::Outcome MobileClient::applySend(Operation& op, std::string& note) {
  // An operation that went out before without an answer (a cut replay) may have been sent: look
  // in Sent first, so a repeated or resumed replay never sends the mail twice.
  std::vector<ServerMail> sent;
  if (op.attempts > 0) {
    auto listed = listFolder(sentFolder());
    if (!listed) return Outcome::Unreachable;
    sent = std::move(*listed);
  }
  for (const auto& mail : sent) {
    if (mail.messageId == op.sentMessageId || mail.opHeader == op.id) {
      this->note("client.duplicate_avoided", op.id + " " + op.sentMessageId + " is already in Sent as " + mail.id,
                 {{"op", op.id}, {"message_id", op.sentMessageId}, {"id", mail.id}});
      note = "already in Sent";
      return Outcome::Done;
    }
  }
  if (op.kind == OpKind::Reply) {
    const auto original = locate(op, op.folder);
    if (original.where == Where::Unreachable) return Outcome::Unreachable;
    if (original.where != Where::Gone) op.mail["msgref"] = original.folder + "/" + original.id;
  }
  const std::string boundary = "oxh-client-" + op.id;
  AjaxRequest request;
  request.method = "POST";
  request.path = "/ajax/mail";
  request.query = {{"action", "new"}, {"force_json_response", "true"}};
  request.contentType = "multipart/form-data; boundary=" + boundary;
  request.body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"json_0\"\r\n\r\n" + op.mail.dump() +
                 "\r\n--" + boundary + "--\r\n";
  ++op.attempts;
  const auto answer = ask(request);
  if (!answer.reachable) return Outcome::Unreachable;
  if (!answer.code.empty()) {
    note = "refused: " + answer.code;
    return Outcome::Conflict;
  }
  note = "sent as " + (answer.data.is_string() ? answer.data.get<std::string>() : answer.data.dump());
  return Outcome::Done;
}

MobileClient::Outcome MobileClient::apply(Operation& op, std::string& note) {
  switch (op.kind) {
    case OpKind::Send:
    case OpKind::Reply:
      return applySend(op, note);
    case OpKind::Move:
    case OpKind::UndoDelete:
    case OpKind::Delete: {
      const auto target = op.kind == OpKind::Delete ? trashFolder() : op.destination;
      const auto found = locate(op, op.folder);
      if (found.where == Where::Unreachable) return Outcome::Unreachable;
      if (found.where == Where::Elsewhere && found.folder == target) {
        note = "already in " + target;  // a cut replay that got through before the answer was lost
        return Outcome::Done;
      }
      if (found.where != Where::Found) {
        note = found.where == Where::Gone ? "deleted on the server" : "moved on the server to " + found.folder;
        return Outcome::Conflict;
      }
      if (op.kind != OpKind::Delete) return applyFlags(op, note);
      AjaxRequest request;
      request.method = "PUT";
      request.path = "/ajax/mail";
      request.query = {{"action", "delete"}};
      request.body = nlohmann::json::array({{{"id", found.id}, {"folder", found.folder}}}).dump();
      request.contentType = "application/json";
      const auto answer = ask(request);
      if (!answer.reachable) return Outcome::Unreachable;
      if (!answer.code.empty()) {
        note = answer.code == "MSG-0032" ? "deleted on the server" : "refused: " + answer.code;
        return Outcome::Conflict;
      }
      return Outcome::Done;
    }
    default:
      return applyFlags(op, note);
  }
}

ReplayResult MobileClient::replay() {
  ReplayResult result;
  note("client.replay", "replay of " + std::to_string(queue_.count(OpState::Pending)) + " pending operations",
       {{"phase", "start"}, {"pending", queue_.count(OpState::Pending)}});
  if (store_.folders().empty() && !sync()) {
    result.interrupted = true;
    result.error = "server unreachable";
  }
  for (auto& op : queue_.operations()) {
    if (result.interrupted) break;
    if (op.state != OpState::Pending) continue;
    std::string why;
    switch (apply(op, why)) {
      case Outcome::Done:
        queue_.transition(op, OpState::Done, why);
        ++result.done;
        break;
      case Outcome::Conflict:
        queue_.transition(op, OpState::Conflict, why);
        ++result.conflicts;
        break;
      case Outcome::Unreachable:
        result.interrupted = true;
        result.error = "server unreachable at " + op.id;
        break;
    }
  }
  if (!result.interrupted && !sync()) {
    result.interrupted = true;
    result.error = "server unreachable at the sync after the replay";
  }
  note("client.replay", std::string("replay ") + (result.interrupted ? "interrupted: " + result.error : "complete") + ", " +
                            std::to_string(result.done) + " done, " + std::to_string(result.conflicts) + " conflicts",
       {{"phase", "end"}, {"interrupted", result.interrupted}, {"done", result.done}, {"conflicts", result.conflicts},
        {"pending", queue_.count(OpState::Pending)}});
  return result;
}

}  // namespace oxh::client
