#pragma once
// The raw form of one fake-APNs push kept in its PushRecord (push_record.hpp PushDetail): the
// request as the HTTP/2 layer handed it over (moved in, not copied), what validation added
// (environment, verdict detail, the fault used) and the decision answered. Its JSON form,
// rendered only when somebody reads the record, is exactly what the record used to carry:
// request {"method","path","authority","stream","headers":[[n,v],...],"body_size","body" or
// "bodyBase64","json"? (the body parsed, when it parses),"environment"?,"verdict_detail"?,
// "fault"?}; response {"status","headers","body","delay_ms"} or {"rst_stream"|"goaway"|"close",
// ...,"delay_ms"}.
// Thread: immutable once built; render from any thread.
#include <optional>
#include <string>

#include "mock_apns_fcm/apns/apns_request.hpp"
#include "mock_apns_fcm/apns/apns_service.hpp"
#include "mock_apns_fcm/apns/device_registry.hpp"
#include "mock_apns_fcm/push_record.hpp"

namespace oxh::push::apns {

struct ApnsPushDetail final : PushDetail {
  ApnsRequest received;
  std::optional<Environment> environment;  // unset when the request was refused before validation
  std::string verdictDetail;               // empty: none
  nlohmann::json fault;                    // the override used, null when none
  ApnsDecision decision;

  [[nodiscard]] nlohmann::json request() const override;
  [[nodiscard]] nlohmann::json response() const override;
};

// The JSON of an HTTP/2 request as received (headers in wire order, body as text or base64,
// "json" when the body parses).
nlohmann::json requestJson(const ApnsRequest& request);

}  // namespace oxh::push::apns
