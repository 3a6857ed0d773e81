#include "mock_apns_fcm/fcm/legacy_send.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>

#include "common/http1/body_json.hpp"
#include "mock_apns_fcm/fcm/fcm_ids.hpp"
#include "mock_apns_fcm/fcm/payload_rules.hpp"

namespace oxh::push::fcm {

namespace {

// The 401 page; its wording is UNCONFIRMED (push.md §4: a capture shows the title INVALID_KEY).
http1::Response unauthorized() {
  auto response = http1::Response::text(401,
                                        "<HTML>\n<HEAD>\n<TITLE>INVALID_KEY</TITLE>\n</HEAD>\n"
                                        "<BODY BGCOLOR=\"#FFFFFF\" TEXT=\"#000000\">\n<H1>INVALID_KEY</H1>\n"
                                        "<H2>Error 401</H2>\n</BODY>\n</HTML>\n");
  response.headers = {{"Content-Type", "text/html; charset=UTF-8"}};
  return response;
}

// [G1]: 400 "the request could not be parsed as JSON, or it contained invalid fields"; the
// body is plain text. Exact wording UNCONFIRMED.
http1::Response badRequest(const std::string& text) {
  auto response = http1::Response::text(400, text + "\n");
  response.headers = {{"Content-Type", "text/plain; charset=UTF-8"}};
  return response;
}

std::string recordAuth(const std::string& key) { return "key=" + key.substr(0, 8) + (key.size() > 8 ? "..." : ""); }

// Request-level problems FCM reports per token (all results carry the same error).
std::optional<std::string> messageError(const nlohmann::json& body) {
  const auto data = body.value("data", nlohmann::json());
  if (firstReservedKey(data)) {
    return "InvalidDataKey";
  }
  if (body.contains("time_to_live")) {
    const auto& ttl = body["time_to_live"];
    if (!ttl.is_number_integer() || ttl.get<std::int64_t>() < 0 || ttl.get<std::int64_t>() > kMaxTtlSeconds) {
      return "InvalidTtl";
    }
  }
  const bool topic = body.value("to", "").rfind("/topics/", 0) == 0;
  if (messageBytes(data, body.value("notification", nlohmann::json())) >
      (topic ? kMaxTopicMessageBytes : kMaxMessageBytes)) {
    return "MessageTooBig";
  }
  return std::nullopt;
}

// Field checks that make the whole request a 400.
std::optional<std::string> fieldError(const nlohmann::json& body, const FcmBehaviour& behaviour) {
  if (body.contains("registration_ids")) {
    const auto& ids = body["registration_ids"];
    if (!ids.is_array()) {
      return "Field \"registration_ids\" must be a JSON array";
    }
    if (ids.empty()) {
      return "\"registration_ids\" field cannot be empty";
    }
    if (ids.size() > kMaxRegistrationIds) {
      return "Number of messages on bulk (" + std::to_string(ids.size()) + ") exceeds maximum allowed (" +
             std::to_string(kMaxRegistrationIds) + ")";
    }
    for (const auto& id : ids) {
      if (!id.is_string()) {
        return "Field \"registration_ids\" must contain strings";
      }
    }
  }
  if (body.contains("to") && !body["to"].is_string()) {
    return "Field \"to\" must be a JSON string";
  }
  if (body.contains("data") && !body["data"].is_object()) {
    return "Field \"data\" must be a JSON object";
  }
  if (behaviour.strictDataStrings && body.contains("data") && !allStringValues(body["data"])) {
    return "InvalidParameters: data values must be strings";
  }
  if (body.contains("notification") && !body["notification"].is_object()) {
    return "Field \"notification\" must be a JSON object";
  }
  if (body.contains("priority")) {
    const auto& priority = body["priority"];
    if (!priority.is_string() || (priority != "normal" && priority != "high")) {
      return "InvalidParameters: priority must be \"normal\" or \"high\"";
    }
  }
  if (body.contains("dry_run") && !body["dry_run"].is_boolean()) {
    return "Field \"dry_run\" must be a JSON boolean";
  }
  return std::nullopt;
}

}  // namespace

http1::Response handleLegacySend(const http1::Request& request, FcmContext& context) {
  const auto authorization = request.header("Authorization").value_or("");
  const std::string prefix = "key=";
  const auto key = authorization.rfind(prefix, 0) == 0 ? authorization.substr(prefix.size()) : std::string();
  PushRecord base;
  base.connection = request.connectionId;
  base.request = {{"path", request.path()}, {"headers", http1::toJson(request)["headers"]}};
  http1::addBodyJson(base.request, request.body, "application/json");
  base.auth = key.empty() ? "" : recordAuth(key);

  const auto record = [&](std::string token, const http1::Response& response, std::string reason, nlohmann::json result) {
    PushRecord entry = base;
    entry.token = std::move(token);
    entry.status = response.status;
    entry.reason = std::move(reason);
    entry.response = {{"status", response.status}, {"result", std::move(result)}};
    context.log.append(std::move(entry));
  };

  const auto sender = context.registry.senderForKey(key);
  if (!sender) {
    auto response = unauthorized();
    record("", response, "Unauthorized", nullptr);
    return response;
  }
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    auto response = badRequest("JSON_PARSING_ERROR: Unexpected character at position 0.");
    record("", response, "JSON_PARSING_ERROR", nullptr);
    return response;
  }
  if (const auto error = fieldError(body, context.behaviour)) {
    auto response = badRequest(*error);
    record("", response, *error, nullptr);
    return response;
  }

  std::vector<std::string> tokens;
  if (body.contains("registration_ids")) {
    tokens = body["registration_ids"].get<std::vector<std::string>>();
  } else if (body.contains("to")) {
    tokens.push_back(body["to"].get<std::string>());
  }
  if (auto fault = context.faults.takeRequestFault(tokens)) {
    auto response = http1::Response::text(fault->status, "Error " + std::to_string(fault->status) + "\n");
    if (fault->retryAfterSeconds) {
      // [G1]: 5xx responses may carry Retry-After, which senders must honour.
      response.headers.emplace_back("Retry-After", std::to_string(*fault->retryAfterSeconds));
    }
    record(tokens.empty() ? "" : tokens.front(), response, "HTTP " + std::to_string(fault->status), fault->toJson());
    return response;
  }

  const bool dryRun = body.value("dry_run", false);
  const auto common = messageError(body);
  http1::Response response;
  std::optional<int> retryAfter;

  if (tokens.size() == 1 && tokens.front().rfind("/topics/", 0) == 0 && !common) {
    // [G1]: topic messages answer {"message_id": <number>}.
    response = http1::Response::json(200, {{"message_id", topicMessageId()}});
    record(tokens.front(), response, "", nullptr);
    return response;
  }

  auto results = nlohmann::json::array();
  int success = 0;
  int failure = 0;
  int canonical = 0;
  std::vector<std::pair<std::string, nlohmann::json>> perToken;
  if (tokens.empty()) {
    results.push_back({{"error", "MissingRegistration"}});  // [G1]
    perToken.emplace_back("", results.back());
    ++failure;
  }
  for (const auto& token : tokens) {
    nlohmann::json result;
    const auto device = context.registry.findDevice(token);
    if (auto fault = context.faults.takeTokenFault(token)) {
      result["error"] = fault->error;
      retryAfter = fault->retryAfterSeconds ? fault->retryAfterSeconds : retryAfter;
    } else if (common) {
      result["error"] = *common;
    } else if (token.empty() || (!device && !context.behaviour.acceptUnknownTokens)) {
      result["error"] = "InvalidRegistration";
    } else if (device && device->sender != *sender) {
      result["error"] = "MismatchSenderId";
    } else if (device && !device->registered) {
      result["error"] = "NotRegistered";
    } else if (!dryRun && !context.rateLimiter.admit(token, std::chrono::system_clock::now())) {
      result["error"] = "DeviceMessageRateExceeded";  // [G1]: per-device rate
    } else {
      result["message_id"] = dryRun ? std::string("fake_message_id") : legacyMessageId();
      if (device && !device->canonicalId.empty()) {
        result["registration_id"] = device->canonicalId;
        ++canonical;
      }
    }
    (result.contains("error") ? failure : success) += 1;
    results.push_back(result);
    perToken.emplace_back(token, result);
  }
  response = http1::Response::json(200, {{"multicast_id", multicastId()},
                                         {"success", success},
                                         {"failure", failure},
                                         {"canonical_ids", canonical},
                                         {"results", results}});
  if (retryAfter) {
    response.headers.emplace_back("Retry-After", std::to_string(*retryAfter));
  }
  for (auto& [token, result] : perToken) {
    record(token, response, result.value("error", ""), result);
  }
  return response;
}

}  // namespace oxh::push::fcm
