#include "mock_apns_fcm/apns/apns_push_detail.hpp"

#include "common/http1/body_json.hpp"

namespace oxh::push::apns {

namespace {

nlohmann::json headersJson(const HeaderList& headers) {
  auto out = nlohmann::json::array();
  for (const auto& [name, value] : headers) {
    out.push_back({name, value});
  }
  return out;
}

}  // namespace

nlohmann::json requestJson(const ApnsRequest& request) {
  nlohmann::json out{{"method", request.method},   {"path", request.path},
                     {"authority", request.authority}, {"stream", request.streamId},
                     {"headers", headersJson(request.headers)}, {"body_size", request.bodySize}};
  http1::addBodyJson(out, request.body, "application/json");
  return out;
}

nlohmann::json ApnsPushDetail::request() const {
  auto out = requestJson(received);
  if (environment) {
    out["environment"] = std::string(environmentName(*environment));
  }
  if (!verdictDetail.empty()) {
    out["verdict_detail"] = verdictDetail;
  }
  if (!fault.is_null()) {
    out["fault"] = fault;
  }
  return out;
}

nlohmann::json ApnsPushDetail::response() const {
  switch (decision.kind) {
    case ApnsDecision::Kind::Respond:
      return {{"status", decision.response.status},
              {"headers", headersJson(decision.response.headers)},
              {"body", decision.response.body},
              {"delay_ms", decision.delay.count()}};
    case ApnsDecision::Kind::RstStream:
      return {{"rst_stream", decision.errorCode}, {"delay_ms", decision.delay.count()}};
    case ApnsDecision::Kind::Goaway:
      return {{"goaway", decision.errorCode}, {"debug", decision.goawayData}, {"delay_ms", decision.delay.count()}};
    case ApnsDecision::Kind::Close:
      return {{"close", true}, {"delay_ms", decision.delay.count()}};
  }
  return {};
}

}  // namespace oxh::push::apns
