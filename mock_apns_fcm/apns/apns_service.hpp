#pragma once
// The fake APNs's decision for one request, socket-free: validation (request_validator),
// armed one-shot overrides, Apple's response shape, and one PushRecord per request (the request
// is packed into the record's raw detail, apns_push_detail.hpp; no JSON is built per push).
// Responses (push.md §1.7, Apple [A2]): success = 200 with apns-id (and apns-unique-id in the
// sandbox) and no body; failure = the reason's status, content-type application/json, apns-id
// and {"reason": "..."}, plus "timestamp" (ms since epoch) only for 410.
// Thread: handle() may run on several connection strands at once; the registries it uses are
// thread-safe, and the connection context belongs to the caller's strand.
#include <chrono>
#include <functional>
#include <memory>

#include "mock_apns_fcm/apns/apns_request.hpp"
#include "mock_apns_fcm/apns/fault_override.hpp"
#include "mock_apns_fcm/apns/h2_server_session.hpp"
#include "mock_apns_fcm/apns/request_validator.hpp"
#include "mock_apns_fcm/push_record.hpp"

namespace oxh::push::apns {

struct ApnsPushDetail;

using SystemClock = std::function<std::chrono::system_clock::time_point()>;

struct ApnsDecision {
  enum class Kind { Respond, RstStream, Goaway, Close };
  Kind kind = Kind::Respond;
  H2Response response;
  std::chrono::milliseconds delay{0};
  std::uint32_t errorCode = 0;  // RstStream / Goaway
  std::string goawayData;       // Goaway: {"reason":"..."}
};

class ApnsService {
 public:
  ApnsService(ValidationOptions options, DeviceRegistry& devices, ProviderKeys& keys, FaultOverrides& faults,
              PushLog& log, SystemClock clock);

  ApnsDecision handle(const ApnsRequest& request, ApnsConnectionContext& connection);

  // Per-token limit (429 TooManyRequests), from options.tokenRateLimit; changeable at run time.
  RateLimiter& rateLimiter() { return rateLimiter_; }

 private:
  // Packs the request and the decision into the detail and appends the record.
  void keep(PushRecord record, std::shared_ptr<ApnsPushDetail> detail, RecordArena* arena,
            const ApnsRequest& request, const ApnsDecision& decision, ApnsConnectionContext& connection);

  ValidationOptions options_;
  RateLimiter rateLimiter_;
  DeviceRegistry& devices_;
  ProviderKeys& keys_;
  FaultOverrides& faults_;
  PushLog& log_;
  SystemClock clock_;
};

}  // namespace oxh::push::apns
