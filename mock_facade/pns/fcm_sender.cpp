#include "mock_facade/pns/fcm_sender.hpp"

#include "common/error/error.hpp"
#include "common/http1/client.hpp"

namespace oxh::facade::pns {

FcmSender::FcmSender(FcmTarget target) : target_(std::move(target)) {}

std::vector<SendResult> FcmSender::send(const std::vector<std::string>& tokens, const nlohmann::ordered_json& data) {
  if (target_.api == "v1") {
    std::vector<SendResult> results;
    for (const auto& token : tokens) {
      results.push_back(sendV1(token, data));
    }
    return results;
  }
  std::vector<SendResult> results;
  for (std::size_t start = 0; start < tokens.size(); start += kGcmMulticastLimit) {
    const auto end = std::min(tokens.size(), start + kGcmMulticastLimit);
    auto chunk = sendLegacy({tokens.begin() + static_cast<long>(start), tokens.begin() + static_cast<long>(end)}, data);
    results.insert(results.end(), chunk.begin(), chunk.end());
  }
  return results;
}

std::vector<SendResult> FcmSender::sendLegacy(const std::vector<std::string>& tokens,
                                              const nlohmann::ordered_json& data) {
  std::vector<SendResult> results(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    results[i].token = tokens[i];
    results[i].detail["endpoint"] = target_.legacyUrl;
    results[i].detail["api"] = "legacy";
  }
  const nlohmann::ordered_json body{{"registration_ids", tokens}, {"data", data}};
  http1::ClientRequest request;
  request.method = "POST";
  request.url = target_.legacyUrl;
  request.headers = {{"Content-Type", "application/json"}, {"Authorization", "key=" + target_.serverKey}};
  request.body = body.dump();
  request.timeout = target_.timeout;
  request.caPem = target_.caPem;
  http1::ClientResponse response;
  try {
    response = http1::send(request);
  } catch (const OxhException& e) {
    for (auto& result : results) {
      result.reason = e.error().describe();
    }
    return results;
  }
  auto parsed = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status != 200 || !parsed.is_object() || !parsed.contains("results") || !parsed["results"].is_array()) {
    // OX: a non-200 is an InvalidRequestException for the whole request; subscriptions stay.
    for (auto& result : results) {
      result.status = response.status;
      result.reason = "HTTP " + std::to_string(response.status);
      result.detail["body"] = response.body.substr(0, 500);
    }
    return results;
  }
  const auto& answers = parsed["results"];
  for (std::size_t i = 0; i < results.size(); ++i) {
    auto& result = results[i];
    result.status = 200;
    if (i >= answers.size() || !answers[i].is_object()) {
      result.reason = "no result";
      continue;
    }
    const auto& answer = answers[i];
    result.detail["result"] = answer;
    if (answer.contains("message_id")) {
      result.delivered = true;
      if (answer.contains("registration_id") && answer["registration_id"].is_string()) {
        result.newToken = answer["registration_id"].get<std::string>();
      }
    } else {
      result.reason = answer.value("error", std::string("unknown"));
      result.removeSubscription = result.reason != "Unavailable";
    }
  }
  return results;
}

SendResult FcmSender::sendV1(const std::string& token, const nlohmann::ordered_json& data) {
  SendResult result;
  result.token = token;
  result.detail["api"] = "v1";
  http1::ClientRequest request;
  request.method = "POST";
  request.url = target_.v1BaseUrl + "/v1/projects/" + target_.projectId + "/messages:send";
  result.detail["endpoint"] = request.url;
  request.headers = {{"Content-Type", "application/json; charset=UTF-8"},
                     {"Authorization", "Bearer " + target_.accessToken}};
  request.body = nlohmann::ordered_json{{"message", {{"token", token}, {"data", data}}}}.dump();
  request.timeout = target_.timeout;
  request.caPem = target_.caPem;
  try {
    const auto response = http1::send(request);
    result.status = response.status;
    auto parsed = nlohmann::json::parse(response.body, nullptr, false);
    if (response.status == 200) {
      result.delivered = true;
      if (parsed.is_object()) {
        result.detail["name"] = parsed.value("name", std::string());
      }
      return result;
    }
    result.reason = "HTTP " + std::to_string(response.status);
    if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
      const auto& error = parsed["error"];
      result.reason = error.value("status", result.reason);
      for (const auto& detail : error.value("details", nlohmann::json::array())) {
        if (detail.is_object() && detail.value("@type", std::string()).find("FcmError") != std::string::npos) {
          result.reason = detail.value("errorCode", result.reason);
        }
      }
    }
    result.removeSubscription = result.reason == "UNREGISTERED";
  } catch (const OxhException& e) {
    result.reason = e.error().describe();
  }
  return result;
}

}  // namespace oxh::facade::pns
