// /ajax/mail write actions (ox.md 2.3, 3): update (color_label first, with the flagging
// mode's implicit \Flagged, then flags+value, then set/clear flags, then the move), delete (to
// Trash unless harddelete), copy and all_seen, each as IMAP UID STORE / MOVE / COPY / EXPUNGE.
#include "common/clients/imap_tokens.hpp"
#include "mock_facade/ajax/ajax_errors.hpp"
#include "mock_facade/ajax/facade_modules.hpp"
#include "mock_facade/ajax/mail_common.hpp"
#include "mock_facade/ajax/mail_folders.hpp"

namespace oxh::facade {

namespace {

std::string jsonText(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

// The destination UID of a COPY/MOVE from its COPYUID response code (RFC 4315), tagged or
// untagged (Dovecot sends MOVE's COPYUID in an untagged OK before the EXPUNGEs).
std::optional<std::string> copiedUid(const clients::imap::CommandResult& result) {
  auto found = imapfetch::responseCodeArgument(result.tagged, "COPYUID", 2);
  for (const auto& entry : result.untagged) {
    if (found) break;
    found = imapfetch::responseCodeArgument(entry.data.value("line", ""), "COPYUID", 2);
  }
  return found;
}

void store(ImapAccount& account, const std::string& set, char sign, const std::vector<std::string>& flags) {
  if (flags.empty()) return;
  mustRun(account, "UID STORE " + set + " " + sign + "FLAGS.SILENT " + flagList(flags));
}

std::vector<std::string> stringArray(const nlohmann::json& body, const char* name) {
  std::vector<std::string> out;
  if (!body.contains(name)) return out;
  if (!body[name].is_array()) throw errors::invalidParameter(name, body[name].dump());
  for (const auto& item : body[name]) {
    const auto text = jsonText(item);
    // Keywords are IMAP atoms (RFC 3501 section 9 flag-keyword); anything else is refused.
    if (text.empty() || text.find_first_of(" (){%*\"\\]\r\n") != std::string::npos) throw errors::invalidParameter(name, text);
    out.push_back(text);
  }
  return out;
}

void ensureExists(ImapAccount& account, std::uint32_t uid, const std::string& folderId) {
  if (fetch(account, std::to_string(uid), "UID").empty()) throw errors::mailNotFound(std::to_string(uid), folderId);
}

nlohmann::json update(FacadeContext& context, const AjaxCall& call) {
  const auto folderId = requireParam(call, "folder");
  const auto body = requireJsonBody(call);
  if (!body.is_object()) throw errors::invalidBodyType("JSONObject", body.type_name());
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  selectFolder(account, folderId);
  std::string set = "1:*";  // neither id nor message_id: the whole folder (ox.md 2.3)
  std::optional<std::string> id = call.param("id");
  if (!id) {
    if (auto messageId = call.param("message_id")) {
      const auto found = search(account, "HEADER Message-ID " + imapString(*messageId));
      if (found.empty()) throw errors::mailNotFound(*messageId, folderId);
      id = std::to_string(found.front());
    }
  }
  if (id) {
    const auto uid = uidOf(*id, folderId);
    ensureExists(account, uid, folderId);
    set = std::to_string(uid);
  }
  const auto mode = flaggingMode(*call.user);
  // 1. color_label (MailServletInterfaceImpl.updateMessageColorLabel): keywords replaced, then
  //    in flaggedImplicit \Flagged follows the color.
  if (body.contains("color_label")) {
    const auto& value = body["color_label"];
    int color = -1;
    if (value.is_number_integer()) color = value.get<int>();
    else if (value.is_string() && !value.get<std::string>().empty() && value.get<std::string>().size() < 3 &&
             value.get<std::string>().find_first_not_of("0123456789") == std::string::npos) color = std::stoi(value.get<std::string>());
    if (color < 0 || color > 10) throw errors::unknownColorLabel(jsonText(value));
    const auto plan = flagging::colorUpdate(mode, color);
    store(account, set, '-', plan.remove);
    store(account, set, '+', {plan.add});
    if (plan.flagged) store(account, set, *plan.flagged ? '+' : '-', {"\\Flagged"});
  }
  // 2. flags + value: the bits' IMAP flags set or cleared; no mode adds a keyword here.
  if (body.contains("flags")) {
    if (!body["flags"].is_number_integer()) throw errors::invalidParameter("flags", body["flags"].dump());
    const bool value = body.value("value", false);
    store(account, set, value ? '+' : '-', flagging::imapFlagsForBits(body["flags"].get<int>()));
  }
  // 3. set_flags / clear_flags and the user flags (newer APIs; in 7.8.4 UNCONFIRMED).
  for (const auto& [name, sign] : {std::pair{"set_flags", '+'}, std::pair{"clear_flags", '-'}}) {
    if (!body.contains(name)) continue;
    if (!body[name].is_number_integer()) throw errors::invalidParameter(name, body[name].dump());
    store(account, set, sign, flagging::imapFlagsForBits(body[name].get<int>()));
  }
  store(account, set, '+', stringArray(body, "set_user_flags"));
  store(account, set, '-', stringArray(body, "clear_user_flags"));
  // 4. folder_id: the move.
  nlohmann::json answer = {{"folder_id", folderId}, {"id", id ? nlohmann::json(*id) : nlohmann::json()}};
  if (body.contains("folder_id")) {
    const auto destination = jsonText(body["folder_id"]);
    const auto target = mailboxOf(destination);
    if (destination != folderId) {
      const auto result = account.run("UID MOVE " + set + " " + imapString(target));
      if (result.status != "OK") throw errors::folderNotFound(destination);
      answer["folder_id"] = destination;
      if (id) {
        const auto moved = copiedUid(result);
        answer["id"] = moved ? nlohmann::json(*moved) : nlohmann::json();
      }
    }
  }
  return answer;
}

nlohmann::json remove(FacadeContext& context, const AjaxCall& call) {
  const auto body = requireJsonBody(call);
  if (!body.is_array()) throw errors::invalidBodyType("JSONArray", body.type_name());
  const bool hard = boolParam(call, "harddelete", false);
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  std::map<std::string, std::vector<std::uint32_t>> byFolder;
  for (const auto& item : body) {
    if (!item.is_object() || !item.contains("folder")) throw errors::missingField("folder");
    if (!item.contains("id")) throw errors::missingField("id");
    const auto folderId = jsonText(item["folder"]);
    byFolder[folderId].push_back(uidOf(jsonText(item["id"]), folderId));
  }
  const std::string trash = byFolder.empty() ? "Trash" : specialFolder(account, "\\Trash", "Trash");
  for (const auto& [folderId, uids] : byFolder) {
    const auto mailbox = selectFolder(account, folderId);
    const auto set = uidSet(uids);
    if (!hard && mailbox != trash) {
      mustRun(account, "UID MOVE " + set + " " + imapString(trash));
    } else {
      mustRun(account, "UID STORE " + set + " +FLAGS.SILENT (\\Deleted)");
      mustRun(account, "UID EXPUNGE " + set);
    }
  }
  return nlohmann::json::array();  // IMAP: [] (ox.md 2.3)
}

nlohmann::json copy(FacadeContext& context, const AjaxCall& call) {
  const auto folderId = requireParam(call, "folder");
  const auto id = requireParam(call, "id");
  const auto body = requireJsonBody(call);
  if (!body.is_object()) throw errors::invalidBodyType("JSONObject", body.type_name());
  if (!body.contains("folder_id")) throw errors::missingField("folder_id");
  const auto destination = jsonText(body["folder_id"]);
  const auto target = mailboxOf(destination);
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  selectFolder(account, folderId);
  const auto uid = uidOf(id, folderId);
  ensureExists(account, uid, folderId);
  const auto result = account.run("UID COPY " + std::to_string(uid) + " " + imapString(target));
  if (result.status != "OK") throw errors::folderNotFound(destination);
  const auto copied = copiedUid(result);
  return {{"folder_id", destination}, {"id", copied ? nlohmann::json(*copied) : nlohmann::json()}};
}

nlohmann::json allSeen(FacadeContext& context, const AjaxCall& call) {
  const auto folderId = requireParam(call, "folder");
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  selectFolder(account, folderId);
  const auto unseen = search(account, "UNSEEN");
  if (!unseen.empty()) mustRun(account, "UID STORE " + uidSet(unseen) + " +FLAGS.SILENT (\\Seen)");
  return true;
}

}  // namespace

void registerMailWriteActions(AjaxDispatcher& dispatcher, FacadeContext& context) {
  dispatcher.registerAction("mail", "update", [&context](const AjaxCall& call) { return update(context, call); }, true);
  dispatcher.registerAction("mail", "delete", [&context](const AjaxCall& call) { return remove(context, call); }, true);
  dispatcher.registerAction("mail", "copy", [&context](const AjaxCall& call) { return copy(context, call); }, true);
  dispatcher.registerAction("mail", "all_seen", [&context](const AjaxCall& call) { return allSeen(context, call); }, true);
}

}  // namespace oxh::facade
