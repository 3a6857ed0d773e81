// client.*: the reference mobile client (runner/client) as a scenario role. client.start logs a
// scenario user in at ${topology.facade.url} (or `url`, e.g. a fault proxy's address in front of
// the facade) and syncs; the mail actions address a mail by subject or Message-ID (never by
// id), apply to the client's store at once and join its offline queue; client.replay sends the
// queue; expect.client.store / expect.client.queue check the client's view. Requests, queue
// transitions, syncs and replays are journaled (component "client").
#include "runner/client/mobile_client.hpp"
#include "runner/engine/step_context.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner {

namespace {

client::MobileClient& clientOf(StepContext& context) {
  const auto name = context.requiredText("client");
  const auto found = context.mobileClients.find(name);
  if (found == context.mobileClients.end()) {
    throw StepFailure("no client '" + name + "': start it with client.start first");
  }
  return *found->second;
}

client::MailRef mailRef(StepContext& context) {
  client::MailRef ref{context.text("subject", ""), context.text("message_id", ""), context.text("folder", "")};
  if (ref.subject.empty() && ref.messageId.empty()) throw StepFailure("name the mail by `subject` or `message_id`");
  return ref;
}

// Runs a client action; a ClientError (no such mail, bad login) fails the step with its text.
template <typename Action>
void guarded(Action&& action) {
  try {
    action();
  } catch (const client::ClientError& error) {
    throw StepFailure(error.what());
  }
}

void startClient(StepContext& context, const Step&) {
  const auto name = context.requiredText("client");
  const auto& user = context.user(context.requiredText("user"));
  std::string url = context.text("url", "");
  if (url.empty()) {
    const auto base = context.vars.get("topology.facade.url");
    if (!base) throw StepFailure("no facade in the topology (${topology.facade.url} is unset) and no `url`");
    url = *base;
  } else if (url.find("://") == std::string::npos) {
    url = "http://" + url;  // a host:port such as ${topology.proxies.NAME}
  }
  std::optional<std::string> ca;
  if (url.rfind("https://", 0) == 0) {
    if (auto pem = context.vars.get("topology.facade.ca_pem")) ca = *pem;
  }
  auto transport = std::make_unique<client::HttpAjaxTransport>(url, context.journal, name, ca);
  client::ClientAccount account{user.login, context.text("password", user.password), user.email};
  auto mobile = std::make_shared<client::MobileClient>(name, account, std::move(transport), context.journal, context.random());
  guarded([&] {
    if (!mobile->login() || !mobile->sync()) throw StepFailure("client " + name + ": the server at " + url + " is unreachable");
  });
  context.mobileClients[name] = std::move(mobile);
}

void syncClient(StepContext& context, const Step&) {
  auto& mobile = clientOf(context);
  guarded([&] {
    if (!mobile.sync()) throw StepFailure("client " + mobile.name() + ": sync failed, the server is unreachable");
  });
}

void mailAction(StepContext& context, const Step& step) {
  auto& mobile = clientOf(context);
  const auto& kind = step.kind;
  guarded([&] {
    if (kind == "client.send") {
      mobile.send(context.requiredText("to"), context.requiredText("subject"), context.text("body", ""));
      return;
    }
    const auto ref = mailRef(context);
    if (kind == "client.read") mobile.setSeen(ref, true);
    else if (kind == "client.unread") mobile.setSeen(ref, false);
    else if (kind == "client.flag") mobile.setFlagged(ref, true);
    else if (kind == "client.unflag") mobile.setFlagged(ref, false);
    else if (kind == "client.color") mobile.setColor(ref, static_cast<int>(context.integer("color", -1)));
    else if (kind == "client.move") mobile.move(ref, context.requiredText("to"));
    else if (kind == "client.delete") mobile.remove(ref);
    else if (kind == "client.undo_delete") mobile.undoDelete(ref);
    else if (kind == "client.reply") mobile.reply(ref, context.text("body", ""));
  });
}

void replayClient(StepContext& context, const Step&) {
  auto& mobile = clientOf(context);
  const auto wanted = context.text("expect", "complete");
  if (wanted != "complete" && wanted != "interrupted" && wanted != "any") {
    throw StepFailure("client.replay expect must be complete, interrupted or any, got '" + wanted + "'");
  }
  client::ReplayResult result;
  guarded([&] { result = mobile.replay(); });
  if (wanted == "complete" && result.interrupted) {
    throw StepFailure("client " + mobile.name() + ": replay interrupted (" + result.error + "), " +
                      std::to_string(mobile.queue().count(client::OpState::Pending)) + " operations still queued");
  }
  if (wanted == "interrupted" && !result.interrupted) {
    throw StepFailure("client " + mobile.name() + ": replay should have been cut, but it completed");
  }
}

bool hasFlagNamed(int flags, const std::string& name, bool& known) {
  known = true;
  if (name == "seen") return (flags & client::kFlagSeen) != 0;
  if (name == "flagged") return (flags & client::kFlagFlagged) != 0;
  if (name == "answered") return (flags & client::kFlagAnswered) != 0;
  known = false;
  return false;
}

void expectStore(StepContext& context, const Step&) {
  auto& mobile = clientOf(context);
  const auto folder = mobile.store().resolveFolder(context.requiredText("folder"));
  const auto subject = context.text("subject", "");
  const auto messageId = context.text("message_id", "");
  std::vector<const client::LocalMail*> matches;
  for (const auto* mail : mobile.store().inFolder(folder)) {
    if ((subject.empty() || mail->subject == subject) && (messageId.empty() || mail->messageId == messageId)) matches.push_back(mail);
  }
  const auto what = "client " + mobile.name() + ": " + (subject.empty() ? messageId : "'" + subject + "'") + " in " + folder;
  const auto dump = mobile.store().toJson().dump();
  if (context.has("count")) {
    const auto count = context.integer("count", 0);
    if (static_cast<std::int64_t>(matches.size()) != count) {
      throw StepFailure(what + ": " + std::to_string(matches.size()) + " mails, wanted " + std::to_string(count) + "; store: " + dump);
    }
  }
  if (!context.flag("present", true)) {
    if (!matches.empty()) throw StepFailure(what + " should not be in the store; store: " + dump);
    return;
  }
  if (matches.empty()) throw StepFailure(what + " is not in the store; store: " + dump);
  const auto* mail = matches.front();
  if (context.has("flags")) {
    for (const auto& item : context.args["flags"]) {
      auto name = item.Scalar();
      const bool negated = name.rfind("un", 0) == 0 || name.rfind("-", 0) == 0;
      if (negated) name = name.substr(name[0] == '-' ? 1 : 2);
      bool known = false;
      const bool has = hasFlagNamed(mail->flags, name, known);
      if (!known) throw StepFailure("unknown flag '" + item.Scalar() + "' (seen, flagged, answered; unseen, unflagged, -answered)");
      if (has == negated) {
        throw StepFailure(what + ": wanted " + item.Scalar() + ", flags are " + std::to_string(mail->flags) + "; store: " + dump);
      }
    }
  }
  if (context.has("color") && mail->color != context.integer("color", 0)) {
    throw StepFailure(what + ": color " + std::to_string(mail->color) + ", wanted " + std::to_string(context.integer("color", 0)));
  }
  if (context.has("pending") && mail->pending != context.flag("pending", false)) {
    throw StepFailure(what + ": pending is " + (mail->pending ? "true" : "false"));
  }
}

void expectQueue(StepContext& context, const Step&) {
  auto& mobile = clientOf(context);
  const auto& queue = mobile.queue();
  const std::pair<const char*, client::OpState> states[] = {{"pending", client::OpState::Pending},
                                                            {"done", client::OpState::Done},
                                                            {"conflicts", client::OpState::Conflict},
                                                            {"cancelled", client::OpState::Cancelled}};
  for (const auto& [key, state] : states) {
    if (!context.has(key)) continue;
    const auto wanted = context.integer(key, 0);
    if (static_cast<std::int64_t>(queue.count(state)) != wanted) {
      throw StepFailure("client " + mobile.name() + ": " + std::to_string(queue.count(state)) + " " + key + ", wanted " +
                        std::to_string(wanted) + "; queue: " + queue.toJson().dump());
    }
  }
}

ParamSpec clientParam() { return {"client", ParamType::String, true, "the client's name (from client.start)"}; }

std::vector<ParamSpec> mailParams(std::vector<ParamSpec> extra = {}) {
  std::vector<ParamSpec> params{clientParam(),
                                {"subject", ParamType::String, false, "the mail's subject"},
                                {"message_id", ParamType::String, false, "the mail's Message-ID (<...>)"},
                                {"folder", ParamType::String, false, "look only in this folder (Trash, default0/INBOX)"}};
  params.insert(params.end(), extra.begin(), extra.end());
  return params;
}

}  // namespace

void registerClientSteps(StepRegistry& registry) {
  registry.add(makeStep("client.start", "log a reference mobile client in at the facade (/ajax) and sync its store",
                        {clientParam(),
                         {"user", ParamType::String, true, "scenario user"},
                         {"password", ParamType::String, false, "password override"},
                         {"url", ParamType::String, false, "base URL or host:port (default ${topology.facade.url})"}},
                        startClient));
  registry.add(makeStep("client.sync", "sync the client's folders and mail (pending operations stay applied)", {clientParam()}, syncClient));
  const std::pair<const char*, const char*> actions[] = {
      {"client.read", "mark a mail seen"},          {"client.unread", "mark a mail unseen"},
      {"client.flag", "flag a mail"},               {"client.unflag", "unflag a mail"},
      {"client.delete", "delete a mail (to Trash)"}, {"client.undo_delete", "undo a delete (cancel it if queued, else move back from Trash)"}};
  for (const auto& [name, help] : actions) {
    registry.add(makeStep(name, std::string(help) + "; applied locally at once and queued", mailParams(), mailAction));
  }
  registry.add(makeStep("client.color", "set a mail's color label (0-10); queued", mailParams({{"color", ParamType::Int, true, "0..10"}}), mailAction));
  registry.add(makeStep("client.move", "move a mail to a folder; queued", mailParams({{"to", ParamType::String, true, "folder (Archive, default0/Archive)"}}), mailAction));
  registry.add(makeStep("client.reply", "reply to a mail's sender; queued (sent once, with a client Message-ID)",
                        mailParams({{"body", ParamType::String, false, "text"}}), mailAction));
  registry.add(makeStep("client.send", "send a new mail; queued (sent once, with a client Message-ID)",
                        {clientParam(),
                         {"to", ParamType::String, true, "recipient address"},
                         {"subject", ParamType::String, true, "subject"},
                         {"body", ParamType::String, false, "text"}},
                        mailAction));
  registry.add(makeStep("client.replay", "send the client's queued operations in order, then sync",
                        {clientParam(), {"expect", ParamType::String, false, "complete (default), interrupted or any"}}, replayClient));
  registry.add(makeStep("expect.client.store", "a mail in the client's store (folder, flags, color), or its absence",
                        {clientParam(),
                         {"folder", ParamType::String, true, "folder (INBOX, Trash, default0/Archive)"},
                         {"subject", ParamType::String, false, "subject"},
                         {"message_id", ParamType::String, false, "Message-ID"},
                         {"flags", ParamType::List, false, "seen, flagged, answered; unseen, unflagged, -answered"},
                         {"color", ParamType::Int, false, "color label"},
                         {"count", ParamType::Int, false, "how many such mails"},
                         {"pending", ParamType::Bool, false, "changed by a queued operation, not yet confirmed"},
                         {"present", ParamType::Bool, false, "false: the mail must not be there"}},
                        expectStore));
  registry.add(makeStep("expect.client.queue", "the client's queue: how many operations are pending, done, in conflict, cancelled",
                        {clientParam(),
                         {"pending", ParamType::Int, false, ""},
                         {"done", ParamType::Int, false, ""},
                         {"conflicts", ParamType::Int, false, ""},
                         {"cancelled", ParamType::Int, false, ""}},
                        expectQueue));
}

}  // namespace oxh::runner
