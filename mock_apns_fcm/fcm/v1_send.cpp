#include "mock_apns_fcm/fcm/v1_send.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "common/http1/body_json.hpp"
#include "mock_apns_fcm/fcm/fcm_ids.hpp"
#include "mock_apns_fcm/fcm/payload_rules.hpp"

namespace oxh::push::fcm {

namespace {

constexpr const char* kFcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
constexpr const char* kBadRequestType = "type.googleapis.com/google.rpc.BadRequest";
constexpr const char* kQuotaFailureType = "type.googleapis.com/google.rpc.QuotaFailure";

struct RpcError {
  int code;
  std::string status;
  std::string message;
  std::string errorCode;  // FcmError.errorCode, empty for none
  std::string field;      // BadRequest field violation, empty for none
};

// `quotaSubject`: adds a google.rpc.QuotaFailure detail with that violation subject.
http1::Response rpcResponse(const RpcError& error, const std::string& quotaSubject = {}) {
  nlohmann::json body{{"error", {{"code", error.code}, {"message", error.message}, {"status", error.status}}}};
  auto details = nlohmann::json::array();
  if (!error.errorCode.empty()) {
    details.push_back({{"@type", kFcmErrorType}, {"errorCode", error.errorCode}});
  }
  if (!error.field.empty()) {
    details.push_back({{"@type", kBadRequestType},
                       {"fieldViolations", nlohmann::json::array({{{"field", error.field}, {"description", error.message}}})}});
  }
  if (!quotaSubject.empty()) {
    details.push_back({{"@type", kQuotaFailureType},
                       {"violations", nlohmann::json::array({{{"subject", quotaSubject},
                                                              {"description", error.message}}})}});
  }
  if (!details.empty()) {
    body["error"]["details"] = details;
  }
  auto response = http1::Response::json(error.code, body);
  response.headers = {{"Content-Type", "application/json; charset=UTF-8"}};
  return response;
}

RpcError invalid(std::string message, std::string field = {}) {
  return {400, "INVALID_ARGUMENT", std::move(message), "INVALID_ARGUMENT", std::move(field)};
}

// "/v1/projects/{p}/messages:send" -> p; empty when the path has another shape.
std::string projectOf(const std::string& path) {
  const std::string prefix = "/v1/projects/";
  const std::string suffix = "/messages:send";
  if (path.rfind(prefix, 0) != 0 || path.size() <= prefix.size() + suffix.size() ||
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return {};
  }
  auto project = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  return project.find('/') == std::string::npos ? project : std::string();
}

std::optional<RpcError> checkMessage(const nlohmann::json& message) {
  if (!message.is_object()) {
    return invalid("Request contains an invalid argument.", "message");
  }
  const int targets = static_cast<int>(message.contains("token")) + static_cast<int>(message.contains("topic")) +
                      static_cast<int>(message.contains("condition"));
  if (targets != 1) {
    return invalid("Exactly one of message.token, message.topic or message.condition must be set.", "message");
  }
  const auto data = message.value("data", nlohmann::json());
  if (!data.is_null() && (!data.is_object() || !allStringValues(data))) {
    return invalid("Invalid value at 'message.data': values must be strings", "message.data");
  }
  if (const auto key = firstReservedKey(data)) {
    return invalid("Invalid data payload key: " + *key, "message.data");
  }
  if (message.contains("android")) {
    const auto& android = message["android"];
    if (android.contains("ttl")) {
      const auto ttl = android["ttl"].is_string() ? parseDurationSeconds(android["ttl"].get<std::string>()) : std::nullopt;
      if (!ttl || *ttl > kMaxTtlSeconds) {
        return invalid("Invalid value at 'message.android.ttl'", "message.android.ttl");
      }
    }
    if (android.contains("priority")) {
      // firebase-admin sends lower case, the REST reference shows upper case: accept both.
      auto priority = android["priority"].is_string() ? android["priority"].get<std::string>() : std::string();
      std::transform(priority.begin(), priority.end(), priority.begin(), [](unsigned char c) { return std::tolower(c); });
      if (priority != "normal" && priority != "high") {
        return invalid("Invalid value at 'message.android.priority'", "message.android.priority");
      }
    }
  }
  const bool topic = !message.contains("token");
  if (messageBytes(data, message.value("notification", nlohmann::json())) >
      (topic ? kMaxTopicMessageBytes : kMaxMessageBytes)) {
    return invalid("Message is too big.", "message");
  }
  return std::nullopt;
}

}  // namespace

http1::Response handleV1Send(const http1::Request& request, FcmContext& context) {
  PushRecord record;
  record.connection = request.connectionId;
  record.request = {{"path", request.path()}, {"headers", http1::toJson(request)["headers"]}};
  http1::addBodyJson(record.request, request.body, "application/json");
  const auto finish = [&](http1::Response response, std::string reason) {
    record.status = response.status;
    record.reason = std::move(reason);
    record.response = {{"status", response.status}, {"body", nlohmann::json::parse(response.body, nullptr, false)}};
    context.log.append(record);
    return response;
  };

  const auto authorization = request.header("Authorization").value_or("");
  const std::string bearer = "Bearer ";
  const auto token = authorization.rfind(bearer, 0) == 0 ? authorization.substr(bearer.size()) : std::string();
  if (!context.registry.accessTokenValid(token)) {
    // Captured real answer (push.md §5, firebase-admin-go #189): no FcmError detail.
    return finish(rpcResponse({401, "UNAUTHENTICATED",
                               "Request is missing required authentication credential. Expected OAuth 2 access "
                               "token, login cookie or other valid authentication credential.",
                               "", ""}),
                  "UNAUTHENTICATED");
  }
  record.auth = "bearer";
  const auto project = projectOf(request.path());
  if (project.empty()) {
    return finish(rpcResponse({404, "NOT_FOUND", "Requested entity was not found.", "", ""}), "NOT_FOUND");
  }
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return finish(rpcResponse({400, "INVALID_ARGUMENT", "Invalid JSON payload received.", "", ""}), "INVALID_ARGUMENT");
  }
  const auto message = body.value("message", nlohmann::json());
  if (const auto error = checkMessage(message)) {
    return finish(rpcResponse(*error), error->errorCode);
  }
  const auto target = message.value("token", "");
  record.token = target.empty() ? message.value("topic", message.value("condition", "")) : target;

  if (auto fault = context.faults.takeRequestFault({record.token})) {
    const auto status = fault->status == 503 ? "UNAVAILABLE" : (fault->status == 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL");
    const auto code = fault->status == 503 ? "UNAVAILABLE" : (fault->status == 429 ? "QUOTA_EXCEEDED" : "INTERNAL");
    auto response = rpcResponse({fault->status, status, "Fault armed by the test.", code, ""});
    if (fault->retryAfterSeconds) {
      response.headers.emplace_back("Retry-After", std::to_string(*fault->retryAfterSeconds));
    }
    return finish(response, code);
  }
  if (!target.empty()) {
    const auto device = context.registry.findDevice(target);
    if (!device && !context.behaviour.acceptUnknownTokens) {
      return finish(rpcResponse(invalid("The registration token is not a valid FCM registration token", "message.token")),
                    "INVALID_ARGUMENT");
    }
    const bool otherProject =
        device && (!context.behaviour.projectId.empty() ? device->sender != context.behaviour.projectId
                                                        : device->sender != project);
    if (otherProject) {
      return finish(rpcResponse({403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH", ""}),
                    "SENDER_ID_MISMATCH");
    }
    if (device && !device->registered) {
      return finish(rpcResponse({404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED", ""}),
                    "UNREGISTERED");
    }
    // [G2b] QUOTA_EXCEEDED: "the message rate to a particular device is too high"; push.md §5
    // names a google.rpc.QuotaFailure detail. The message wording is UNCONFIRMED.
    if (!body.value("validate_only", false) && !context.rateLimiter.admit(target, std::chrono::system_clock::now())) {
      return finish(rpcResponse({429, "RESOURCE_EXHAUSTED", "Quota exceeded for sending messages to this device.",
                                 "QUOTA_EXCEEDED", ""},
                                "device:" + target),
                    "QUOTA_EXCEEDED");
    }
  }
  // A validate_only request gets a made-up id (pushiko capture, push.md §5).
  const auto id = body.value("validate_only", false) ? std::string("fake_message_id") : v1MessageId();
  return finish(http1::Response::json(200, {{"name", "projects/" + project + "/messages/" + id}}), "");
}

}  // namespace oxh::push::fcm
