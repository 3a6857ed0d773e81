// facade.login: logs a scenario user in at the App Suite /ajax API (the embedded fake or a real
// build at ${topology.facade.url}) and saves ${session.<user>} and ${cookie.<user>} (the
// "open-xchange-secret-<hash>=<secret>" pair to send as the Cookie header of later http.request
// steps). With `expect_error: LGI-0006` the login must fail with that code instead.
#include "common/http1/client.hpp"
#include "common/http1/query.hpp"
#include "runner/engine/step_context.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner {

namespace {

// Variable names allow [A-Za-z0-9_.-]; a login such as alice@example.org becomes alice_example.org.
std::string variableKey(const std::string& user) {
  std::string out = user;
  for (auto& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') {
      c = '_';
    }
  }
  return out;
}

void facadeLogin(StepContext& context, const Step& /*step*/) {
  const auto name = context.requiredText("user");
  const auto& user = context.user(name);
  const auto base = context.vars.get("topology.facade.url");
  if (!base) {
    throw StepFailure("no facade in the topology (${topology.facade.url} is unset)");
  }
  http1::ClientRequest request;
  request.method = "POST";
  request.url = *base + "/ajax/login?action=login";
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("User-Agent", context.text("user_agent", "oxharness"));
  request.body = "name=" + http1::percentEncode(context.text("login", user.login)) +
                 "&password=" + http1::percentEncode(context.text("password", user.password)) +
                 "&client=" + http1::percentEncode(context.text("client", "open-xchange-mobile-api-facade"));
  if (auto ca = context.vars.get("topology.facade.ca_pem")) {
    request.caPem = *ca;
  }
  const auto deadline = context.deadlineFor(context.duration("within"));
  request.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - journal::Clock::now());
  const auto response = http1::send(request);
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  journal::Entry entry;
  entry.component = "runner.http";
  entry.kind = "facade.login";
  entry.summary = "login " + user.login + " -> " + std::to_string(response.status);
  entry.data = {{"user", user.login}, {"status", response.status}, {"body", body.is_discarded() ? nlohmann::json(response.body) : body}};
  context.journal.append(std::move(entry));
  if (response.status != 200 || body.is_discarded() || !body.is_object()) {
    throw StepFailure("login of " + user.login + " answered HTTP " + std::to_string(response.status) + ": " +
                      response.body.substr(0, 300));
  }
  if (context.has("expect_error")) {
    const auto wanted = context.requiredText("expect_error");
    if (body.value("code", "") != wanted) {
      throw StepFailure("login of " + user.login + " should fail with " + wanted + ", got: " + body.dump());
    }
    return;
  }
  if (!body.contains("session")) {
    throw StepFailure("login of " + user.login + " failed: " + body.dump());
  }
  std::string cookie;
  for (const auto& [header, value] : response.headers) {
    if ((header == "Set-Cookie" || header == "set-cookie") && value.rfind("open-xchange-secret-", 0) == 0) {
      cookie = value.substr(0, value.find(';'));
    }
  }
  if (cookie.empty()) {
    throw StepFailure("login of " + user.login + " set no open-xchange-secret-* cookie");
  }
  const auto key = variableKey(name);
  context.vars.set("session." + key, body["session"].get<std::string>());
  context.vars.set("cookie." + key, cookie);
}

}  // namespace

void registerFacadeSteps(StepRegistry& registry) {
  StepSpec login;
  login.name = "facade.login";
  login.help = "log a user in at /ajax/login; saves ${session.<user>} and ${cookie.<user>} for http.request";
  login.params = {
      {"user", ParamType::String, true, "scenario user (login)"},
      {"login", ParamType::String, false, "name to send (default: the user's login)"},
      {"password", ParamType::String, false, "password to send (default: the user's)"},
      {"client", ParamType::String, false, "client id (default open-xchange-mobile-api-facade)"},
      {"user_agent", ParamType::String, false, "User-Agent header (default oxharness)"},
      {"expect_error", ParamType::String, false, "the error code the login must fail with, e.g. LGI-0006"},
      {"within", ParamType::Duration, false, "time limit (default 10s)"},
  };
  login.run = facadeLogin;
  login.definedVariables = [](const YAML::Node& args) {
    std::vector<std::string> names;
    if (args.IsMap() && args["user"] && args["user"].IsScalar() && !args["expect_error"]) {
      const auto key = variableKey(args["user"].Scalar());
      names.push_back("session." + key);
      names.push_back("cookie." + key);
    }
    return names;
  };
  registry.add(std::move(login));
}

}  // namespace oxh::runner
