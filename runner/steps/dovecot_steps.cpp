// dovecot.inject, expect.dovecot.metadata, expect.dovecot.state: act on the Dovecot side as
// another party would (a delivery from a message, .eml or mbox file, another MUA's flag change
// or expunge, a UIDVALIDITY change) and check the server's
// state. On the embedded fake they reach its store directly; expect.dovecot.metadata and
// expect.dovecot.state also work against a real Dovecot, over IMAP as the scenario user.
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/store/mbox_reader.hpp"
#include "common/clients/imap_client.hpp"
#include "common/error/error.hpp"
#include "common/clients/imap_match.hpp"
#include "runner/engine/step_context.hpp"
#include "runner/steps/dovecot_fault_steps.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner {

namespace {

dovecot::MailStore& fakeStore(StepContext& context, const std::string& step) {
  if (!context.fakeDovecot) {
    throw StepFailure(step + " acts on the embedded fake Dovecot; this scenario's topology names a real one");
  }
  return context.fakeDovecot->store();
}

std::string login(StepContext& context) { return context.user(context.requiredText("user")).login; }

dovecot::MessageFlags flagsOf(StepContext& context) {
  dovecot::MessageFlags flags;
  if (!context.has("flags")) {
    return flags;
  }
  for (const auto& item : context.args["flags"]) {
    std::string error;
    if (!dovecot::imap::parseFlag(item.as<std::string>(), flags, error)) {
      throw StepFailure(error);
    }
  }
  return flags;
}

std::string messageOf(StepContext& context) {
  if (context.has("message")) {
    return context.text("message", "");
  }
  std::string message = "From: " + context.text("from", "Sender <sender@example.net>") + "\r\n";
  message += "Subject: " + context.text("subject", "injected") + "\r\n";
  message += "Message-ID: <" + std::to_string(context.random()) + "@oxharness.test>\r\n\r\n";
  return message + context.text("body", "") + "\r\n";
}

// The messages of `file` (relative to the scenario file): one .eml, or every message of an
// mbox (format mbox/mboxrd/mboxo, or detected from a first "From " line).
std::vector<std::string> messagesFromFile(StepContext& context) {
  std::filesystem::path path(context.text("file", ""));
  if (path.is_relative()) {
    path = std::filesystem::path(context.step->where.file).parent_path() / path;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw StepFailure("cannot read message file " + path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  const auto format = context.text("format", dovecot::looksLikeMbox(text.str()) ? "mbox" : "eml");
  if (format == "eml") {
    return {dovecot::toCrlf(text.str())};
  }
  if (format != "mbox" && format != "mboxrd" && format != "mboxo") {
    throw StepFailure("format is eml, mbox (= mboxrd) or mboxo, got '" + format + "'");
  }
  try {
    return dovecot::splitMbox(text.str(), format == "mboxo" ? dovecot::MboxFormat::kMboxo : dovecot::MboxFormat::kMboxrd,
                              path.string());
  } catch (const OxhException& error) {
    throw StepFailure(error.error().describe());
  }
}

void inject(StepContext& context, const Step& /*step*/) {
  auto& store = fakeStore(context, "dovecot.inject");
  const auto user = login(context);
  const auto mailbox = context.text("mailbox", "INBOX");
  const auto action = context.text("action", "deliver");
  if (action == "deliver") {
    // As LDA/LMTP would save it, without the protocol; with notify: true the push drivers are
    // called as for an LMTP delivery into INBOX.
    const bool notify = context.flag("notify", false);
    const auto messages = context.has("file") ? messagesFromFile(context) : std::vector<std::string>{messageOf(context)};
    std::string uids;
    for (const auto& message : messages) {
      const auto saved = notify ? context.fakeDovecot->deliver(user, mailbox, message)
                                : store.deliver(user, mailbox, message, static_cast<std::int64_t>(std::time(nullptr)));
      if (!saved) {
        throw StepFailure("no mailbox '" + mailbox + "' for " + user);
      }
      if (context.has("flags")) {
        store.storeFlags(user, mailbox, {saved->uid}, dovecot::FlagOperation::kAdd, flagsOf(context));
      }
      context.vars.set("injected.uid", std::to_string(saved->uid));
      uids += (uids.empty() ? "" : ",") + std::to_string(saved->uid);
    }
    context.vars.set("injected.uids", uids);
    return;
  }
  if (action == "uidvalidity") {
    std::optional<std::uint32_t> wanted;
    if (context.has("uidvalidity")) {
      wanted = static_cast<std::uint32_t>(context.integer("uidvalidity", 0));
    }
    const auto applied = store.setUidValidity(user, mailbox, wanted);
    if (!applied) {
      throw StepFailure("cannot set UIDVALIDITY of '" + mailbox + "' for " + user + " (no such mailbox, or 0)");
    }
    context.vars.set("injected.uidvalidity", std::to_string(*applied));
    return;
  }
  const auto uid = static_cast<std::uint32_t>(context.integer("uid", 0));
  if (uid == 0) {
    throw StepFailure("dovecot.inject action '" + action + "' needs 'uid'");
  }
  if (action == "flags") {
    const auto op = context.text("op", "add");
    const auto operation = op == "remove" ? dovecot::FlagOperation::kRemove
                           : op == "replace" ? dovecot::FlagOperation::kReplace
                                             : dovecot::FlagOperation::kAdd;
    store.storeFlags(user, mailbox, {uid}, operation, flagsOf(context));
  } else if (action == "expunge") {
    if (store.expungeUids(user, mailbox, {uid}).empty()) {
      throw StepFailure("no message with UID " + std::to_string(uid) + " in " + mailbox);
    }
  } else {
    throw StepFailure("action is deliver, flags, expunge or uidvalidity, got '" + action + "'");
  }
}

// Re-checks `check` whenever something new is journaled (events from the fake wake it at
// once), with a bounded back-off for real servers that journal nothing; returns the last
// mismatch, empty on success.
std::string waitUntil(StepContext& context, const std::function<std::string()>& check, const std::string& ownConnection) {
  const auto deadline = context.deadlineFor(context.duration("within"));
  auto backoff = std::chrono::milliseconds(20);
  for (;;) {
    const auto after = context.journal.lastSeq();
    auto mismatch = check();
    if (mismatch.empty() || journal::Clock::now() >= deadline) {
      return mismatch;
    }
    journal::WaitOptions options;
    options.after = after;
    options.consume = false;
    options.includeConsumed = true;
    const auto remaining = deadline - journal::Clock::now();
    context.journal.waitFor([&](const journal::Entry& entry) { return entry.connection != ownConnection; },
                            std::min<journal::Clock::duration>(remaining, backoff), options);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(500));
  }
}

// GETMETADATA over IMAP as the user (real Dovecot): the value, or nullopt for NIL.
std::optional<std::string> realMetadata(StepContext& context, const User& user, const std::string& mailbox,
                                        const std::string& entry) {
  imap::ConnectOptions options;
  options.name = "expect-dovecot";
  options.server = context.endpoint("dovecot", "imap");
  const auto deadline = context.deadlineFor(std::chrono::seconds(10));
  auto client = imap::ImapClient::connect(context.io.context(), context.journal, options, deadline);
  client->command("LOGIN \"" + user.login + "\" \"" + user.password + "\"", deadline);
  const auto result = client->command("GETMETADATA \"" + mailbox + "\" " + entry, deadline);
  client->command("LOGOUT", deadline);
  client->close();
  if (result.status != "OK") {
    throw StepFailure("GETMETADATA answered " + result.tagged);
  }
  for (const auto& response : result.untagged) {
    if (auto captures = imap::matchResponse("* METADATA $box ($entry $value)", response.data.value("line", ""))) {
      if (captures->at("value") == "NIL") {
        return std::nullopt;
      }
      return captures->at("value");
    }
  }
  return std::nullopt;
}

void expectMetadata(StepContext& context, const Step& /*step*/) {
  const User& user = context.user(context.requiredText("user"));
  const auto mailbox = context.text("mailbox", "");
  const auto entry = context.requiredText("entry");
  const bool absent = context.flag("absent", false);
  const auto wanted = context.text("value", "");
  auto describe = [](const std::optional<std::string>& value) { return value ? "'" + *value + "'" : std::string("NIL"); };
  const auto mismatch = waitUntil(
      context,
      [&]() -> std::string {
        const auto value = context.fakeDovecot ? context.fakeDovecot->store().metadata(user.login, mailbox, entry)
                                               : realMetadata(context, user, mailbox, entry);
        if (absent) {
          return value ? "the entry is " + describe(value) + ", wanted NIL" : std::string();
        }
        if (!context.has("value")) {
          return value ? std::string() : "the entry is NIL";
        }
        return value == wanted ? std::string() : "the entry is " + describe(value) + ", wanted '" + wanted + "'";
      },
      "expect-dovecot");
  if (!mismatch.empty()) {
    throw StepFailure(entry + " of " + user.login + (mailbox.empty() ? "" : " " + mailbox) + ": " + mismatch);
  }
}

void expectState(StepContext& context, const Step& /*step*/) {
  auto& store = fakeStore(context, "expect.dovecot.state");
  const auto user = login(context);
  const auto mailbox = context.text("mailbox", "INBOX");
  const auto mismatch = waitUntil(
      context,
      [&]() -> std::string {
        const auto snapshot = store.snapshot(user, mailbox);
        if (!snapshot) {
          return "no mailbox " + mailbox;
        }
        if (context.has("exists") && snapshot->messages.size() != static_cast<std::size_t>(context.integer("exists", 0))) {
          return std::to_string(snapshot->messages.size()) + " messages, wanted " + context.text("exists", "");
        }
        if (context.has("unseen") && snapshot->unseen() != static_cast<std::size_t>(context.integer("unseen", 0))) {
          return std::to_string(snapshot->unseen()) + " unseen, wanted " + context.text("unseen", "");
        }
        if (context.has("flags")) {
          for (const auto& item : context.args["flags"]) {
            const auto uid = item.first.as<std::uint32_t>();
            dovecot::MessageFlags wanted;
            for (const auto& flag : item.second) {
              std::string error;
              dovecot::imap::parseFlag(flag.as<std::string>(), wanted, error);
            }
            const auto found = std::find_if(snapshot->messages.begin(), snapshot->messages.end(),
                                            [&](const dovecot::StoredMessage& message) { return message.uid == uid; });
            if (found == snapshot->messages.end()) {
              return "no UID " + std::to_string(uid);
            }
            auto actual = found->flags;
            std::sort(actual.keywords.begin(), actual.keywords.end());
            std::sort(wanted.keywords.begin(), wanted.keywords.end());
            if (!(actual == wanted)) {
              return "UID " + std::to_string(uid) + " has (" + dovecot::imap::flagList(found->flags, false) + ")";
            }
          }
        }
        return {};
      },
      "expect-dovecot");
  if (!mismatch.empty()) {
    throw StepFailure(user + " " + mailbox + ": " + mismatch);
  }
}

}  // namespace

void registerDovecotSteps(StepRegistry& registry) {
  registry.add(makeStep("dovecot.inject", "change the fake Dovecot's mail as another party would",
                    {{"user", ParamType::String, true, "scenario user"},
                     {"mailbox", ParamType::String, false, "default INBOX"},
                     {"action", ParamType::String, false, "deliver (default), flags, expunge, uidvalidity"},
                     {"uid", ParamType::Int, false, "the message, for flags and expunge"},
                     {"flags", ParamType::List, false, "flags to set, e.g. [\\Flagged, $cl_1]"},
                     {"op", ParamType::String, false, "flags: add (default), remove, replace"},
                     {"from", ParamType::String, false, "deliver: From header"},
                     {"subject", ParamType::String, false, "deliver: Subject header"},
                     {"body", ParamType::String, false, "deliver: text body"},
                     {"message", ParamType::String, false, "deliver: the whole raw message"},
                     {"file", ParamType::String, false, "deliver: an .eml or mbox file, relative to the scenario"},
                     {"format", ParamType::String, false, "file: eml, mbox (= mboxrd) or mboxo (default: detected)"},
                     {"notify", ParamType::Bool, false, "deliver: call the push drivers as LMTP does (INBOX)"},
                     {"uidvalidity", ParamType::Int, false, "uidvalidity: the new value (default: the next one)"}},
                    inject));
  registerDovecotFaultSteps(registry);
  auto metadata = makeStep("expect.dovecot.metadata", "a METADATA entry has a value (or none), fake or real Dovecot",
                       {{"user", ParamType::String, true, "scenario user"},
                        {"mailbox", ParamType::String, false, "\"\" (default) for server entries"},
                        {"entry", ParamType::String, true, "e.g. /private/vendor/vendor.dovecot/http-notify"},
                        {"value", ParamType::String, false, "the wanted value"},
                        {"absent", ParamType::Bool, false, "true: the entry must be NIL"},
                        {"within", ParamType::Duration, false, "time limit (default 10s)"}},
                       expectMetadata);
  registry.add(std::move(metadata));
  registry.add(makeStep("expect.dovecot.state", "the fake Dovecot's mailbox holds what it should",
                    {{"user", ParamType::String, true, "scenario user"},
                     {"mailbox", ParamType::String, false, "default INBOX"},
                     {"exists", ParamType::Int, false, "message count"},
                     {"unseen", ParamType::Int, false, "messages without \\Seen"},
                     {"flags", ParamType::Map, false, "uid: [flags] (exact set, \\Recent excluded)"},
                     {"within", ParamType::Duration, false, "time limit (default 10s)"}},
                    expectState));
}

}  // namespace oxh::runner
