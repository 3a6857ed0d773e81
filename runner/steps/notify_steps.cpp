// expect.notify: http-notify calls received by the harness's receiver (the part of the fake
// App Suite that Dovecot's push_notification "ox" driver calls).
#include <algorithm>
#include <cctype>

#include "runner/steps/expectation.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner {

namespace {

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string> headerOf(const nlohmann::json& data, const std::string& name) {
  for (const auto& pair : data.value("headers", nlohmann::json::array())) {
    if (pair.size() == 2 && equalsIgnoreCase(pair[0].get<std::string>(), name)) {
      return pair[1].get<std::string>();
    }
  }
  return std::nullopt;
}

// Why `entry` is not what the step asked for; empty when it is.
std::string mismatch(const StepContext& context, const nlohmann::json& match, const journal::Entry& entry) {
  const auto& data = entry.data;
  if (context.has("auth") && data.value("auth", "") != context.text("auth", "")) {
    return "auth is " + data.value("auth", std::string()) + ", wanted " + context.text("auth", "");
  }
  if (context.has("status") && data.value("status", 0) != context.integer("status", 0)) {
    return "answered " + std::to_string(data.value("status", 0)) + ", wanted " + context.text("status", "");
  }
  if (context.has("method") && data.value("method", "") != context.text("method", "")) {
    return "method " + data.value("method", std::string());
  }
  if (context.has("path")) {
    const auto target = data.value("target", std::string());
    if (target.substr(0, target.find('?')) != context.text("path", "")) {
      return "path " + target;
    }
  }
  if (context.has("headers")) {
    for (const auto& item : context.args["headers"]) {
      const auto name = item.first.as<std::string>();
      const auto wanted = item.second.as<std::string>();
      const auto actual = headerOf(data, name);
      if (!actual || *actual != wanted) {
        return "header " + name + " is " + (actual ? "'" + *actual + "'" : std::string("absent")) + ", wanted '" + wanted + "'";
      }
    }
  }
  if (context.has("header_order")) {
    std::vector<std::string> wanted;
    for (const auto& item : context.args["header_order"]) {
      wanted.push_back(item.as<std::string>());
    }
    std::vector<std::string> actual;
    for (const auto& pair : data.value("headers", nlohmann::json::array())) {
      actual.push_back(pair[0].get<std::string>());
    }
    if (actual != wanted) {
      std::string seen;
      for (const auto& name : actual) {
        seen += (seen.empty() ? "" : ", ") + name;
      }
      return "header order is " + seen;
    }
  }
  if (!match.is_null()) {
    if (!data["json"].is_object()) {
      return "body is not JSON";
    }
    std::string where;
    if (!jsonSubset(match, data["json"], where)) {
      const auto actual = jsonAtPath(data["json"], where.substr(0, where.find(' ')));
      return "body differs at '" + where + "'" + (actual ? ": got " + actual->dump() : std::string());
    }
  }
  return {};
}

void expectNotify(StepContext& context, const Step& /*step*/) {
  const nlohmann::json match = context.has("match") ? yamlToJson(context.args["match"]) : nlohmann::json();
  const journal::Matcher isNotify = [](const journal::Entry& entry) {
    return entry.component == "notify" && entry.kind == "notify.request";
  };
  ExpectationSpec spec;
  spec.what = "http-notify call" + (match.is_null() ? std::string() : " matching " + match.dump());
  spec.candidates = isNotify;
  spec.matcher = [&](const journal::Entry& entry) { return isNotify(entry) && mismatch(context, match, entry).empty(); };
  spec.explainMiss = [&](const journal::Entry& entry) { return mismatch(context, match, entry); };
  const auto matched = expectInJournal(context, spec);
  if (!matched.empty() && context.has("save")) {
    context.save(context.args["save"], matched.front().data);
  }
}

}  // namespace

void registerNotifySteps(StepRegistry& registry) {
  StepSpec spec;
  spec.name = "expect.notify";
  spec.help = "an http-notify call (Dovecot's push driver) reached the harness's receiver";
  spec.params = {
      {"match", ParamType::Map, false, "JSON subset the body must contain, e.g. {user: \"3@1\", event: messageNew}"},
      {"auth", ParamType::String, false, "ok, missing, wrong or unconfigured"},
      {"status", ParamType::Int, false, "the status the receiver answered"},
      {"method", ParamType::String, false, "PUT for Dovecot"},
      {"path", ParamType::String, false, "request path without query"},
      {"headers", ParamType::Map, false, "headers that must be present with these exact values"},
      {"header_order", ParamType::List, false, "the exact list of header names in wire order"},
  };
  for (auto& param : expectationParams()) {
    spec.params.push_back(std::move(param));
  }
  spec.run = expectNotify;
  registry.add(std::move(spec));
}

}  // namespace oxh::runner
