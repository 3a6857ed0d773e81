#pragma once
// The raw form of one fake-APNs push kept in its PushRecord (push_record.hpp PushDetail): the
// request as received, what validation added (environment, verdict detail, the fault used) and
// the decision answered. The strings are packed into one buffer (one allocation per push
// instead of one per header; the fake keeps every push, so this is most of its memory), and the
// request's header list into a second one that consecutive pushes with equal headers on a
// connection share (a provider's pushes usually repeat topic, push type and provider token).
// Its JSON form, rendered only when somebody reads the record, is exactly what the record
// used to carry: request {"method","path","authority","stream","headers":[[n,v],...],
// "body_size","body" or "bodyBase64","json"? (the body parsed, when it parses),"environment"?,
// "verdict_detail"?,"fault"?}; response {"status","headers","body","delay_ms"} or
// {"rst_stream"|"goaway"|"close",...,"delay_ms"}.
// Thread: built on one strand by ApnsService, immutable once recorded; render from any thread.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mock_apns_fcm/apns/apns_request.hpp"
#include "mock_apns_fcm/apns/apns_service.hpp"
#include "mock_apns_fcm/apns/device_registry.hpp"
#include "mock_apns_fcm/push_record.hpp"
#include "mock_apns_fcm/record_arena.hpp"

namespace oxh::push::apns {

class ApnsPushDetail final : public PushDetail {
 public:
  ApnsPushDetail() = default;
  ApnsPushDetail(const ApnsPushDetail&) = delete;  // packed_ may point into ownPacked_
  ApnsPushDetail& operator=(const ApnsPushDetail&) = delete;

  // Set while the service decides (before pack()).
  std::optional<Environment> environment;  // unset when the request was refused before validation
  std::string verdictDetail;               // empty: none
  nlohmann::json fault;                    // the override used, null when none

  // Copies what the JSON form needs from the request and the decision. `sharedHeaders` (the
  // connection's, optional) is reused when it holds the same header list, else replaced.
  // The packed strings go to `arena` when given (it must outlive this detail: allocate the
  // detail itself from it), else to a string the detail owns.
  void pack(const ApnsRequest& request, const ApnsDecision& decision,
            std::shared_ptr<const std::string>* sharedHeaders = nullptr, RecordArena* arena = nullptr);

  // Both render what pack() kept (call pack() first).
  [[nodiscard]] nlohmann::json request() const override;
  [[nodiscard]] nlohmann::json response() const override;

 private:
  // Length-prefixed strings: method, path, authority, body, the response body and the response
  // headers (name, value); in the arena, or in ownPacked_.
  std::string_view packed_;
  std::string ownPacked_;
  // Length-prefixed request headers (name, value); possibly shared with other records.
  // (Tests: ApnsPushDetailTest.EqualHeaderListsOfAConnectionAreKeptOnce.)
  std::shared_ptr<const std::string> requestHeaderBlock_;
  std::uint32_t requestHeaders_ = 0;
  std::uint32_t responseHeaders_ = 0;
  std::int32_t streamId_ = 0;
  std::size_t bodySize_ = 0;
  ApnsDecision::Kind kind_ = ApnsDecision::Kind::Respond;
  int status_ = 0;
  std::int64_t delayMs_ = 0;
  std::uint32_t errorCode_ = 0;
  std::string goawayData_;
};

}  // namespace oxh::push::apns
