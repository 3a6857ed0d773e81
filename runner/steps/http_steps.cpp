// http.request and expect.http: plain HTTP/1.1 calls from a scenario (App Suite's /ajax, the
// notify receiver, control planes, real builds).
#include "common/codec/base64.hpp"
#include "common/http1/client.hpp"
#include "runner/steps/step_families.hpp"
#include "runner/engine/step_context.hpp"

namespace oxh::runner {

namespace {

nlohmann::json exchangeJson(const HttpExchange& exchange) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : exchange.headers) {
    std::string lower = name;
    for (auto& c : lower) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    headers[lower] = value;
  }
  auto body = nlohmann::json::parse(exchange.body, nullptr, false);
  return {{"status", exchange.status},
          {"headers", headers},
          {"body", exchange.body},
          {"json", body.is_discarded() ? nlohmann::json() : body}};
}

// Checks status/headers/json/body_contains from `spec` against the last exchange.
void checkExchange(StepContext& context, const YAML::Node& spec) {
  if (!context.lastHttp) {
    throw StepFailure("no HTTP exchange to check (http.request first)");
  }
  const auto& exchange = *context.lastHttp;
  const auto view = exchangeJson(exchange);
  if (spec["status"] && std::to_string(exchange.status) != spec["status"].as<std::string>()) {
    throw StepFailure("HTTP status " + std::to_string(exchange.status) + ", wanted " + spec["status"].as<std::string>() +
                      "; body: " + exchange.body.substr(0, 300));
  }
  if (spec["headers"]) {
    for (const auto& item : spec["headers"]) {
      const auto name = item.first.as<std::string>();
      std::string lower = name;
      for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      const auto wanted = item.second.as<std::string>();
      if (!view["headers"].contains(lower) || view["headers"][lower] != wanted) {
        throw StepFailure("header " + name + " is " +
                          (view["headers"].contains(lower) ? view["headers"][lower].dump() : std::string("absent")) +
                          ", wanted \"" + wanted + "\"");
      }
    }
  }
  if (spec["json"]) {
    if (view["json"].is_null()) {
      throw StepFailure("the body is not JSON: " + exchange.body.substr(0, 300));
    }
    std::string where;
    if (!jsonSubset(yamlToJson(spec["json"]), view["json"], where)) {
      throw StepFailure("the JSON body differs at '" + where + "': " + view["json"].dump());
    }
  }
  if (spec["body_contains"]) {
    const auto needle = spec["body_contains"].as<std::string>();
    if (exchange.body.find(needle) == std::string::npos) {
      throw StepFailure("the body does not contain '" + needle + "': " + exchange.body.substr(0, 300));
    }
  }
  if (spec["save"]) {
    context.save(spec["save"], view);
  }
}

void httpRequest(StepContext& context, const Step& /*step*/) {
  http1::ClientRequest request;
  request.method = context.text("method", "GET");
  request.url = context.requiredText("url");
  if (context.has("headers")) {
    for (const auto& item : context.args["headers"]) {
      request.headers.emplace_back(item.first.as<std::string>(), item.second.as<std::string>());
    }
  }
  if (context.has("basic_auth")) {
    const auto auth = context.args["basic_auth"];
    request.headers.emplace_back("Authorization", "Basic " + codec::base64Encode(auth["user"].as<std::string>("") + ":" +
                                                                    auth["password"].as<std::string>("")));
  }
  if (context.has("json")) {
    request.body = yamlToJson(context.args["json"]).dump();
    request.headers.emplace_back("Content-Type", "application/json");
  } else if (context.has("body")) {
    request.body = context.text("body", "");
  }
  const auto deadline = context.deadlineFor(context.duration("within"));
  request.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - journal::Clock::now());
  journal::Entry sent;
  sent.component = "runner.http";
  sent.kind = "http.request";
  sent.summary = request.method + " " + request.url;
  sent.data = {{"method", request.method}, {"url", request.url}, {"body", request.body.value_or("")}};
  context.journal.append(std::move(sent));
  const auto response = http1::send(request);
  context.lastHttp = HttpExchange{response.status, response.reason, response.headers, response.body};
  journal::Entry received;
  received.component = "runner.http";
  received.kind = "http.response";
  received.summary = std::to_string(response.status) + " " + response.reason + " (" + std::to_string(response.body.size()) + " bytes)";
  received.data = exchangeJson(*context.lastHttp);
  context.journal.append(std::move(received));
  YAML::Node spec = context.has("expect") ? context.args["expect"] : YAML::Node(YAML::NodeType::Map);
  if (context.has("save")) {
    spec["save"] = context.args["save"];
  }
  checkExchange(context, spec);
}

void expectHttp(StepContext& context, const Step& /*step*/) { checkExchange(context, context.args); }

}  // namespace

void registerHttpSteps(StepRegistry& registry) {
  StepSpec request;
  request.name = "http.request";
  request.help = "send an HTTP/1.1 request; `expect:` checks the answer at once";
  request.params = {
      {"url", ParamType::String, true, "http:// or https:// URL"},
      {"method", ParamType::String, false, "GET (default), PUT, POST, ..."},
      {"headers", ParamType::Map, false, "request headers, in order"},
      {"basic_auth", ParamType::Map, false, "{user, password}"},
      {"json", ParamType::Any, false, "a JSON body (sets Content-Type)"},
      {"body", ParamType::String, false, "a raw body"},
      {"expect", ParamType::Map, false, "{status, headers, json, body_contains}"},
      {"save", ParamType::Map, false, "name: path into {status, headers, body, json}"},
      {"within", ParamType::Duration, false, "time limit (default 10s)"},
  };
  request.run = httpRequest;
  registry.add(std::move(request));

  StepSpec expect;
  expect.name = "expect.http";
  expect.help = "check the answer of the last http.request";
  expect.params = {
      {"status", ParamType::Int, false, "status code"},
      {"headers", ParamType::Map, false, "headers with exact values (names case-insensitive)"},
      {"json", ParamType::Any, false, "JSON subset of the body"},
      {"body_contains", ParamType::String, false, "text the body contains"},
      {"save", ParamType::Map, false, "name: path into {status, headers, body, json}"},
  };
  expect.run = expectHttp;
  registry.add(std::move(expect));
}

}  // namespace oxh::runner
