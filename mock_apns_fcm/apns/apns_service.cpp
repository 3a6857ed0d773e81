#include "mock_apns_fcm/apns/apns_service.hpp"

#include "mock_apns_fcm/apns/apns_push_detail.hpp"
#include "mock_apns_fcm/apns/header_rules.hpp"
#include "mock_apns_fcm/apns/uuid.hpp"

#include <utility>

namespace oxh::push::apns {

namespace {

std::int64_t epochMillis(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

H2Response successResponse(std::string apnsId, Environment environment) {
  H2Response response;
  response.status = 200;
  response.headers.reserve(2);
  response.headers.emplace_back("apns-id", std::move(apnsId));
  // [A2]: apns-unique-id exists only in the development (sandbox) environment. Whether APNs
  // adds it to error responses too is UNCONFIRMED; the fake sends it on success only.
  if (environment == Environment::Sandbox) {
    response.headers.emplace_back("apns-unique-id", generateUuid());
  }
  return response;
}

H2Response errorResponse(int status, const std::string& reason, const std::string& apnsId,
                         std::optional<std::chrono::system_clock::time_point> timestamp) {
  H2Response response;
  response.status = status;
  response.headers.reserve(2);
  response.headers.emplace_back("apns-id", apnsId);
  response.headers.emplace_back("content-type", "application/json");
  nlohmann::json body{{"reason", reason}};
  if (status == 410) {
    // [A2]: only 410 carries "timestamp", in milliseconds since the epoch.
    body["timestamp"] = epochMillis(timestamp.value_or(std::chrono::system_clock::now()));
  }
  response.body = body.dump();
  return response;
}

}  // namespace

void ApnsService::keep(PushRecord record, std::shared_ptr<ApnsPushDetail> detail, RecordArena* arena,
                       const ApnsRequest& request, const ApnsDecision& decision, ApnsConnectionContext& connection) {
  detail->pack(request, decision, &connection.lastRequestHeaders, arena);
  record.detail = std::move(detail);
  log_.append(std::move(record));
}

ApnsService::ApnsService(ValidationOptions options, DeviceRegistry& devices, ProviderKeys& keys,
                         FaultOverrides& faults, PushLog& log, SystemClock clock)
    : options_(options), rateLimiter_(options.tokenRateLimit), devices_(devices), keys_(keys), faults_(faults), log_(log), clock_(std::move(clock)) {}

ApnsDecision ApnsService::handle(const ApnsRequest& request, ApnsConnectionContext& connection) {
  const auto now = clock_();
  ApnsDecision decision;
  PushRecord record;
  record.connection = connection.id;
  record.at = now;
  // The detail, its packed strings and the record live in the log's arena (record_arena.hpp).
  const auto arena = log_.arena();
  auto detail = std::allocate_shared<ApnsPushDetail>(ArenaAllocator<ApnsPushDetail>(arena));

  const auto requestedId = request.headerView("apns-id");
  // [A1]: APNs echoes a valid apns-id and makes one up otherwise.
  auto apnsId = requestedId && isCanonicalUuid(*requestedId) ? std::string(*requestedId) : generateUuid();

  if (request.headersTooLarge) {
    // RFC 9113 §10.5.1 lets a server answer 431 to a header section it will not handle.
    decision.response.status = 431;
    record.token = "";
    record.status = 431;
    record.reason = "HeadersTooLarge";
    keep(std::move(record), std::move(detail), arena.get(), request, decision, connection);
    return decision;
  }

  auto verdict = validate(request, connection, devices_, keys_, options_, now);
  // Moved, not copied: below, the token is read from the record.
  record.token = std::move(verdict.token);
  record.auth = std::move(verdict.auth);
  detail->environment = verdict.environment;
  detail->verdictDetail = verdict.detail;

  if (auto fault = faults_.take(record.token)) {
    using Action = FaultOverride::Action;
    decision.delay = fault->delay;
    detail->fault = fault->toJson();
    switch (fault->action) {
      case Action::Respond:
        verdict.reason = reasonFromName(fault->reason);
        decision.response = fault->status == 200 && fault->reason.empty()
                                ? successResponse(apnsId, verdict.environment)
                                : errorResponse(fault->status, fault->reason, apnsId,
                                                fault->timestamp ? fault->timestamp : std::optional(now));
        record.status = fault->status;
        record.reason = fault->reason;
        keep(std::move(record), std::move(detail), arena.get(), request, decision, connection);
        return decision;
      case Action::Delay:
        break;  // answer as validated, later
      case Action::RstStream:
        decision.kind = ApnsDecision::Kind::RstStream;
        break;
      case Action::Goaway:
        decision.kind = ApnsDecision::Kind::Goaway;
        decision.goawayData = nlohmann::json{{"reason", fault->goawayReason}}.dump();
        break;
      case Action::Close:
        decision.kind = ApnsDecision::Kind::Close;
        break;
    }
    decision.errorCode = fault->errorCode;
    if (decision.kind != ApnsDecision::Kind::Respond) {
      record.status = 0;
      record.reason = fault->action == Action::Goaway ? fault->goawayReason : "fault";
      keep(std::move(record), std::move(detail), arena.get(), request, decision, connection);
      return decision;
    }
  }

  // [A2]: 429 TooManyRequests, "too many requests to the same device token". Only pushes APNs
  // would accept count (rate_limiter.hpp).
  if (!verdict.reason && !rateLimiter_.admit(record.token, now)) {
    verdict.reason = Reason::TooManyRequests;
    detail->verdictDetail = "more than " + std::to_string(rateLimiter_.limit().maxPushes) + " pushes in " +
                            std::to_string(rateLimiter_.limit().window.count()) + " ms";
  }
  if (verdict.reason) {
    const auto name = std::string(reasonName(*verdict.reason));
    decision.response = errorResponse(reasonStatus(*verdict.reason), name, apnsId, verdict.unregisteredSince);
    record.status = decision.response.status;
    record.reason = name;
  } else {
    decision.response = successResponse(std::move(apnsId), verdict.environment);  // last use
    record.status = 200;
  }
  keep(std::move(record), std::move(detail), arena.get(), request, decision, connection);
  return decision;
}

}  // namespace oxh::push::apns
