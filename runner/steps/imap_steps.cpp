// imap.*: the runner as an IMAP client (the app's middleware, another MUA) toward a fake or
// real server. Responses are matched with imaptest-like patterns (common/clients/imap_match.hpp).
#include "common/clients/imap_client.hpp"
#include "common/clients/imap_match.hpp"
#include "runner/steps/expectation.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner {

namespace {

std::string connectionName(const StepContext& context) { return context.text("conn", "default"); }

imap::MatchOptions matchOptions(const StepContext& context) { return {.ordered = context.flag("ordered", false)}; }

std::vector<std::string> textList(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node) {
    return out;
  }
  if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
  } else {
    for (const auto& item : node) {
      out.push_back(item.as<std::string>());
    }
  }
  return out;
}

void saveCaptures(StepContext& context, const imap::Captures& captures) {
  for (const auto& [name, value] : captures) {
    context.vars.set(name, value);
  }
}

imap::Captures boundCaptures(const StepContext& context, const std::string& pattern) {
  imap::Captures bound;
  for (std::size_t pos = pattern.find('$'); pos != std::string::npos; pos = pattern.find('$', pos + 1)) {
    std::size_t end = pos + 1;
    while (end < pattern.size() && (std::isalnum(static_cast<unsigned char>(pattern[end])) != 0 || pattern[end] == '_')) {
      ++end;
    }
    const auto name = pattern.substr(pos + 1, end - pos - 1);
    if (auto value = context.vars.get(name); value && !name.empty()) {
      bound[name] = *value;
    }
  }
  return bound;
}

std::string listResponses(const std::vector<journal::Entry>& entries) {
  std::string out;
  for (const auto& entry : entries) {
    out += "\n    " + entry.summary;
  }
  return out.empty() ? " (none)" : out;
}

// Checks a command's outcome against status/tagged/untagged/absent; saves captures.
void checkResult(StepContext& context, const imap::CommandResult& result, const std::string& command) {
  const std::string wantedStatus = context.text("status", "OK");
  if (result.status != wantedStatus) {
    throw StepFailure("'" + command + "' answered " + result.status + " (wanted " + wantedStatus + "): " + result.tagged +
                      "\n  untagged:" + listResponses(result.untagged));
  }
  if (context.has("tagged")) {
    const auto pattern = context.text("tagged", "");
    // The pattern may leave out the tag: "OK [READ-WRITE] ..." matches "a002 OK [READ-WRITE] Select completed".
    const auto withTag = pattern.rfind(result.tag + " ", 0) == 0 ? pattern : result.tag + " " + pattern;
    auto captures = imap::matchResponse(withTag, result.tagged, boundCaptures(context, pattern), matchOptions(context));
    if (!captures) {
      throw StepFailure("tagged answer '" + result.tagged + "' does not match '" + pattern + "'");
    }
    saveCaptures(context, *captures);
  }
  std::vector<bool> used(result.untagged.size(), false);
  for (const auto& pattern : textList(context.args["untagged"])) {
    bool found = false;
    for (std::size_t i = 0; i < result.untagged.size() && !found; ++i) {
      if (used[i]) {
        continue;
      }
      auto captures = imap::matchResponse(pattern, result.untagged[i].data.value("line", ""),
                                          boundCaptures(context, pattern), matchOptions(context));
      if (captures) {
        used[i] = true;
        found = true;
        saveCaptures(context, *captures);
      }
    }
    if (!found) {
      throw StepFailure("no untagged response to '" + command + "' matches '" + pattern + "'; got:" +
                        listResponses(result.untagged));
    }
  }
  for (const auto& pattern : textList(context.args["absent"])) {
    for (const auto& entry : result.untagged) {
      if (imap::matchResponse(pattern, entry.data.value("line", ""), {}, matchOptions(context))) {
        throw StepFailure("'" + command + "' answered '" + entry.data.value("line", "") + "', which must not appear (" +
                          pattern + ")");
      }
    }
  }
}

void imapConnect(StepContext& context, const Step& /*step*/) {
  imap::ConnectOptions options;
  options.name = connectionName(context);
  const auto tls = context.text("tls", "none");
  if (tls == "implicit") {
    options.tls = imap::TlsMode::Implicit;
  } else if (tls == "starttls") {
    options.tls = imap::TlsMode::StartTls;
  } else if (tls != "none") {
    throw StepFailure("tls must be none, starttls or implicit, got '" + tls + "'");
  }
  if (context.has("address")) {
    auto parsed = net::HostPort::parse(context.text("address", ""));
    if (!parsed) {
      throw StepFailure("address must be host:port, got '" + context.text("address", "") + "'");
    }
    options.server = *parsed;
  } else {
    options.server = context.endpoint("dovecot", context.text("endpoint", tls == "implicit" ? "imaps" : "imap"));
  }
  if (context.has("source")) {
    options.sourceAddress = context.text("source", "");
  }
  if (context.imapConnections.count(options.name) != 0) {
    throw StepFailure("an IMAP connection named '" + options.name + "' is already open");
  }
  auto client = imap::ImapClient::connect(context.io.context(), context.journal, options, context.deadlineFor(context.duration("within")));
  if (context.has("tls_version") && client->tlsVersion() != context.text("tls_version", "")) {
    throw StepFailure("negotiated " + (client->tlsVersion().empty() ? std::string("no TLS") : client->tlsVersion()) +
                      ", wanted " + context.text("tls_version", ""));
  }
  if (context.has("greeting")) {
    const auto pattern = context.text("greeting", "");
    auto captures = imap::matchResponse(pattern, client->greeting(), {}, matchOptions(context));
    if (!captures) {
      throw StepFailure("greeting '" + client->greeting() + "' does not match '" + pattern + "'");
    }
    saveCaptures(context, *captures);
  }
  context.imapConnections[options.name] = std::move(client);
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

void imapLogin(StepContext& context, const Step& /*step*/) {
  auto& client = context.imapConnection(connectionName(context));
  const auto login = context.requiredText("user");
  const User* user = context.findUser(login);
  const std::string name = context.text("login", user ? user->login : login);
  const std::string password = context.text("password", user ? user->password : "");
  const std::string command = "LOGIN " + quoted(name) + " " + quoted(password);
  const auto result = client.command(command, context.deadlineFor(context.duration("within")));
  checkResult(context, result, "LOGIN " + name);
}

void imapCommand(StepContext& context, const Step& /*step*/) {
  auto& client = context.imapConnection(connectionName(context));
  const auto command = context.requiredText("command");
  const auto result = client.command(command, context.deadlineFor(context.duration("within")), context.text("tag", ""));
  checkResult(context, result, command);
}

void imapIdle(StepContext& context, const Step& /*step*/) {
  const auto name = connectionName(context);
  auto& client = context.imapConnection(name);
  const auto after = context.journal.lastSeq();
  const auto tag = client.send("IDLE");
  if (!client.waitContinuation(after, context.deadlineFor(context.duration("within")))) {
    throw StepFailure("IDLE was not accepted with a '+' continuation");
  }
  context.imapIdleTags[name] = tag;
}

void imapDone(StepContext& context, const Step& /*step*/) {
  const auto name = connectionName(context);
  auto& client = context.imapConnection(name);
  auto idle = context.imapIdleTags.find(name);
  if (idle == context.imapIdleTags.end()) {
    throw StepFailure("connection '" + name + "' is not idling (imap.idle first)");
  }
  const auto tag = idle->second;
  context.imapIdleTags.erase(idle);
  // Untagged data that arrived during IDLE is left for expect.imap; only the completion counts.
  const auto after = context.journal.lastSeq();
  client.sendLine("DONE");
  checkResult(context, client.waitTagged(tag, after, context.deadlineFor(context.duration("within"))), "IDLE");
}

void imapLogout(StepContext& context, const Step& /*step*/) {
  const auto name = connectionName(context);
  auto& client = context.imapConnection(name);
  const auto result = client.command("LOGOUT", context.deadlineFor(context.duration("within")));
  checkResult(context, result, "LOGOUT");
  client.close();
  context.imapConnections.erase(name);
}

void expectImap(StepContext& context, const Step& /*step*/) {
  const auto name = connectionName(context);
  auto& client = context.imapConnection(name);
  const auto pattern = context.requiredText("match");
  const auto bound = boundCaptures(context, pattern);
  const auto options = matchOptions(context);
  const auto responses = client.responses();
  ExpectationSpec spec;
  spec.what = "untagged response '" + pattern + "' on IMAP connection '" + name + "'";
  spec.candidates = [responses](const journal::Entry& entry) {
    return responses(entry) && entry.data.value("type", "") == "untagged";
  };
  spec.matcher = [&](const journal::Entry& entry) {
    return spec.candidates(entry) && imap::matchResponse(pattern, entry.data.value("line", ""), bound, options).has_value();
  };
  const auto matched = expectInJournal(context, spec);
  if (!matched.empty()) {
    saveCaptures(context, *imap::matchResponse(pattern, matched.front().data.value("line", ""), bound, options));
  }
}

std::vector<std::string> capturesIn(const YAML::Node& node) {
  std::vector<std::string> names;
  std::vector<std::string> patterns = textList(node);
  for (const auto& pattern : patterns) {
    for (std::size_t pos = pattern.find('$'); pos != std::string::npos; pos = pattern.find('$', pos + 1)) {
      std::size_t end = pos + 1;
      while (end < pattern.size() && (std::isalnum(static_cast<unsigned char>(pattern[end])) != 0 || pattern[end] == '_')) {
        ++end;
      }
      if (end > pos + 1) {
        names.push_back(pattern.substr(pos + 1, end - pos - 1));
      }
    }
  }
  return names;
}

std::vector<ParamSpec> commonParams() {
  return {{"conn", ParamType::String, false, "connection name (default: default)"},
          {"status", ParamType::String, false, "wanted tagged status: OK (default), NO, BAD"},
          {"tagged", ParamType::String, false, "pattern for the tagged answer, tag optional"},
          {"untagged", ParamType::StringOrList, false, "patterns each matching one untagged response"},
          {"absent", ParamType::StringOrList, false, "patterns no untagged response may match"},
          {"ordered", ParamType::Bool, false, "match lists in order (default: any order)"},
          {"within", ParamType::Duration, false, "time limit (default 10s)"}};
}

StepSpec makeSpec(std::string name, std::string help, std::vector<ParamSpec> params,
                  std::function<void(StepContext&, const Step&)> run, bool withCommon) {
  StepSpec spec;
  spec.name = std::move(name);
  spec.help = std::move(help);
  spec.params = std::move(params);
  if (withCommon) {
    for (auto& param : commonParams()) {
      spec.params.push_back(std::move(param));
    }
  }
  spec.run = std::move(run);
  spec.definedVariables = [](const YAML::Node& args) {
    std::vector<std::string> names;
    for (const char* key : {"tagged", "untagged", "match", "greeting"}) {
      if (args.IsMap() && args[key]) {
        for (auto& name : capturesIn(args[key])) {
          names.push_back(std::move(name));
        }
      }
    }
    return names;
  };
  return spec;
}

}  // namespace

void registerImapSteps(StepRegistry& registry) {
  registry.add(makeSpec("imap.connect", "open an IMAP connection (plain, STARTTLS or implicit TLS)",
                        {{"conn", ParamType::String, false, "connection name (default: default)"},
                         {"endpoint", ParamType::String, false, "topology endpoint of dovecot: imap (default) or imaps"},
                         {"address", ParamType::String, false, "host:port instead of the topology"},
                         {"tls", ParamType::String, false, "none (default), starttls or implicit"},
                         {"source", ParamType::String, false, "local address to connect from, e.g. 127.0.0.2"},
                         {"greeting", ParamType::String, false, "pattern the greeting must match"},
                         {"tls_version", ParamType::String, false, "the TLS version that must be negotiated, e.g. TLSv1.3"},
                         {"ordered", ParamType::Bool, false, "match lists in order"},
                         {"within", ParamType::Duration, false, "time limit (default 10s)"}},
                        imapConnect, false));
  auto login = makeSpec("imap.login", "LOGIN as a scenario user",
                        {{"user", ParamType::String, true, "login of a scenario user"},
                         {"login", ParamType::String, false, "override the login name sent"},
                         {"password", ParamType::String, false, "override the password"}},
                        imapLogin, true);
  login.scalarParam = "user";
  registry.add(std::move(login));
  auto command = makeSpec("imap.command", "send a tagged command and match its responses",
                          {{"command", ParamType::String, true, "the command without tag, e.g. SELECT INBOX"},
                           {"tag", ParamType::String, false, "tag to use (default a001, a002, ...)"}},
                          imapCommand, true);
  command.scalarParam = "command";
  registry.add(std::move(command));
  registry.add(makeSpec("imap.idle", "start IDLE (RFC 2177) and wait for the continuation",
                        {{"conn", ParamType::String, false, "connection name"},
                         {"within", ParamType::Duration, false, "time limit"}},
                        imapIdle, false));
  registry.add(makeSpec("imap.done", "end IDLE with DONE and match the tagged answer", {}, imapDone, true));
  registry.add(makeSpec("imap.logout", "LOGOUT and close the connection", {}, imapLogout, true));
  auto expect = makeSpec("expect.imap", "an untagged response arrives on a connection (e.g. during IDLE)",
                         {{"conn", ParamType::String, false, "connection name"},
                          {"match", ParamType::String, true, "pattern, e.g. \"* $n EXISTS\""},
                          {"ordered", ParamType::Bool, false, "match lists in order"}},
                         expectImap, false);
  for (auto& param : expectationParams()) {
    expect.params.push_back(std::move(param));
  }
  expect.scalarParam = "match";
  registry.add(std::move(expect));
}

}  // namespace oxh::runner
