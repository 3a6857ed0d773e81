// apns.* / fcm.* and expect.apns.push / expect.fcm.push: set up the fake APNs and FCM (devices,
// keys, one-shot faults) and expect the pushes a system under test sends them.
#include "mock_apns_fcm/apns/fake_apns.hpp"
#include "mock_apns_fcm/fcm/fake_fcm.hpp"
#include "runner/steps/expectation.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner {

namespace {

push::apns::FakeApns& apns(StepContext& context) {
  if (!context.fakeApns) {
    throw StepFailure("no fake APNs in this scenario's topology");
  }
  return *context.fakeApns;
}

push::fcm::FakeFcm& fcm(StepContext& context) {
  if (!context.fakeFcm) {
    throw StepFailure("no fake FCM in this scenario's topology");
  }
  return *context.fakeFcm;
}

void apnsDevice(StepContext& context, const Step& /*step*/) {
  const auto environment = push::apns::environmentFromName(context.text("environment", "sandbox"));
  if (!environment) {
    throw StepFailure("environment is sandbox or production");
  }
  const auto token = context.requiredText("token");
  apns(context).addDevice(token, context.text("topic", ""), *environment);
  if (context.flag("unregistered", false)) {
    apns(context).unregisterDevice(token, std::chrono::system_clock::now());
  }
}

void apnsKey(StepContext& context, const Step& /*step*/) {
  push::apns::ProviderKey key;
  key.teamId = context.requiredText("team_id");
  key.keyId = context.requiredText("key_id");
  key.publicKeyPem = context.requiredText("public_key_pem");
  if (context.has("topics")) {
    for (const auto& topic : context.args["topics"]) {
      key.topics.push_back(topic.as<std::string>());
    }
  }
  apns(context).addKey(std::move(key));
}

void apnsArm(StepContext& context, const Step& /*step*/) {
  try {
    apns(context).arm(push::apns::FaultOverride::fromJson(yamlToJson(context.args)));
  } catch (const OxhException& error) {
    throw StepFailure(error.error().describe());
  }
}

void fcmKey(StepContext& context, const Step& /*step*/) {
  fcm(context).addServerKey(context.requiredText("server_key"), context.text("sender", ""));
}

void fcmDevice(StepContext& context, const Step& /*step*/) {
  fcm(context).addDevice(context.requiredText("token"), context.text("sender", ""), context.flag("registered", true),
                         context.text("canonical_id", ""));
}

void fcmArm(StepContext& context, const Step& /*step*/) {
  try {
    fcm(context).arm(push::fcm::FcmFault::fromJson(yamlToJson(context.args)));
  } catch (const OxhException& error) {
    throw StepFailure(error.error().describe());
  }
}

// Why a recorded push is not the one the step wants; empty when it is.
std::string pushMismatch(const StepContext& context, const journal::Entry& entry) {
  const auto& data = entry.data;
  if (context.has("token") && data.value("token", "") != context.text("token", "")) {
    return "token " + data.value("token", std::string());
  }
  if (context.has("status") && data.value("status", 0) != context.integer("status", 0)) {
    return "answered " + std::to_string(data.value("status", 0));
  }
  if (context.has("reason") && data.value("reason", "") != context.text("reason", "")) {
    return "reason '" + data.value("reason", std::string()) + "'";
  }
  if (context.has("accepted") && data.value("accepted", false) != context.flag("accepted", true)) {
    return data.value("accepted", false) ? "it was accepted" : "it was refused: " + data.value("reason", std::string());
  }
  if (context.has("headers")) {
    for (const auto& item : context.args["headers"]) {
      const auto name = item.first.as<std::string>();
      bool found = false;
      for (const auto& pair : data["request"].value("headers", nlohmann::json::array())) {
        found = found || (pair.size() == 2 && pair[0] == name && pair[1] == item.second.as<std::string>());
      }
      if (!found) {
        return "no header " + name + ": " + item.second.as<std::string>();
      }
    }
  }
  const nlohmann::json body = data["request"].value("json", nlohmann::json());
  for (const char* key : {"payload", "match"}) {
    if (context.has(key)) {
      std::string where;
      if (!jsonSubset(yamlToJson(context.args[key]), body, where)) {
        const auto actual = jsonAtPath(body, where.substr(0, where.find(' ')));
        return "payload differs at '" + where + "'" + (actual ? ": got " + actual->dump() : std::string());
      }
    }
  }
  if (context.has("exact_payload") && yamlToJson(context.args["exact_payload"]) != body) {
    return "payload is " + body.dump();
  }
  return {};
}

void expectPush(StepContext& context, const std::string& service) {
  const journal::Matcher isPush = [service](const journal::Entry& entry) {
    return entry.component == service && entry.kind == "push";
  };
  ExpectationSpec spec;
  spec.what = service + " push" + (context.has("token") ? " to " + context.text("token", "") : std::string());
  spec.candidates = isPush;
  spec.matcher = [&](const journal::Entry& entry) { return isPush(entry) && pushMismatch(context, entry).empty(); };
  spec.explainMiss = [&](const journal::Entry& entry) { return pushMismatch(context, entry); };
  const auto matched = expectInJournal(context, spec);
  if (!matched.empty() && context.has("save")) {
    context.save(context.args["save"], matched.front().data);
  }
}

std::vector<ParamSpec> expectPushParams(const char* bodyHelp) {
  std::vector<ParamSpec> params = {
      {"token", ParamType::String, false, "device / registration token"},
      {"payload", ParamType::Map, false, bodyHelp},
      {"exact_payload", ParamType::Any, false, "the whole JSON body"},
      {"headers", ParamType::Map, false, "request headers with exact values"},
      {"status", ParamType::Int, false, "the status the fake answered"},
      {"reason", ParamType::String, false, "the reason/error the fake answered"},
      {"accepted", ParamType::Bool, false, "whether the fake accepted it"},
  };
  for (auto& param : expectationParams()) {
    params.push_back(std::move(param));
  }
  return params;
}

}  // namespace

void registerPushSteps(StepRegistry& registry) {
  registry.add(makeStep("apns.device", "register a device token at the fake APNs",
                    {{"token", ParamType::String, true, "hex device token"},
                     {"topic", ParamType::String, false, "bundle id"},
                     {"environment", ParamType::String, false, "sandbox (default) or production"},
                     {"unregistered", ParamType::Bool, false, "answer 410 Unregistered from now on"}},
                    apnsDevice));
  registry.add(makeStep("apns.key", "register a provider-token signing key (ES256 public key) at the fake APNs",
                    {{"team_id", ParamType::String, true, "team id (JWT iss)"},
                     {"key_id", ParamType::String, true, "key id (JWT kid)"},
                     {"public_key_pem", ParamType::String, true, "P-256 public key, PEM"},
                     {"topics", ParamType::List, false, "topics the key may push to"}},
                    apnsKey));
  registry.add(makeStep("apns.arm", "a one-shot answer for the next push (to a token)",
                    {{"token", ParamType::String, false, "only for this token"},
                     {"action", ParamType::String, false, "respond, delay, rst_stream, goaway, close"},
                     {"status", ParamType::Int, false, "HTTP status to answer"},
                     {"reason", ParamType::String, false, "APNs reason"},
                     {"timestamp_ms", ParamType::Int, false, "410 timestamp (ms since the epoch)"},
                     {"goaway_reason", ParamType::String, false, "GOAWAY debug data"},
                     {"delay_ms", ParamType::Int, false, "delay before answering"},
                     {"error_code", ParamType::Int, false, "RST_STREAM / GOAWAY error code"},
                     {"count", ParamType::Int, false, "how many pushes it applies to"}},
                    apnsArm));
  registry.add(makeStep("expect.apns.push", "a push reached the fake APNs", expectPushParams("JSON subset of the APNs payload"),
                    [](StepContext& context, const Step&) { expectPush(context, "apns"); }));
  registry.add(makeStep("fcm.key", "accept this legacy server key (Authorization: key=...)",
                    {{"server_key", ParamType::String, true, "the key"}, {"sender", ParamType::String, false, "sender id"}},
                    fcmKey));
  registry.add(makeStep("fcm.device", "register a registration token at the fake FCM",
                    {{"token", ParamType::String, true, "registration token"},
                     {"sender", ParamType::String, false, "sender id it belongs to"},
                     {"registered", ParamType::Bool, false, "false: NotRegistered"},
                     {"canonical_id", ParamType::String, false, "answer with this canonical registration id"}},
                    fcmDevice));
  registry.add(makeStep("fcm.arm", "a one-shot answer for the next push (to a token)",
                    {{"token", ParamType::String, false, "only for this token"},
                     {"status", ParamType::Int, false, "HTTP status"},
                     {"error", ParamType::String, false, "per-result error, e.g. Unavailable"},
                     {"retry_after", ParamType::Int, false, "Retry-After seconds"},
                     {"count", ParamType::Int, false, "how many pushes it applies to"}},
                    fcmArm));
  registry.add(makeStep("expect.fcm.push", "a push reached the fake FCM", expectPushParams("JSON subset of the FCM request body"),
                    [](StepContext& context, const Step&) { expectPush(context, "fcm"); }));
}

}  // namespace oxh::runner
