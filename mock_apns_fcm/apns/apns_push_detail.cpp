#include "mock_apns_fcm/apns/apns_push_detail.hpp"

#include <cstring>

#include "common/http1/body_json.hpp"

namespace oxh::push::apns {

namespace {

void put(std::string& packed, std::string_view text) {
  const auto size = static_cast<std::uint32_t>(text.size());
  char prefix[sizeof size];
  std::memcpy(prefix, &size, sizeof size);
  packed.append(prefix, sizeof size).append(text);
}

// Reads ApnsPushDetail's packed strings in the order they were put.
class Unpacker {
 public:
  explicit Unpacker(std::string_view packed) : packed_(packed) {}
  std::string next() {
    std::uint32_t size = 0;
    std::memcpy(&size, packed_.data() + at_, sizeof size);
    at_ += sizeof size;
    std::string out(packed_.substr(at_, size));
    at_ += size;
    return out;
  }
  nlohmann::json headers(std::uint32_t count) {
    auto out = nlohmann::json::array();
    for (std::uint32_t i = 0; i < count; ++i) {
      auto name = next();
      out.push_back({std::move(name), next()});
    }
    return out;
  }

 private:
  std::string_view packed_;
  std::size_t at_ = 0;
};

}  // namespace

void ApnsPushDetail::pack(const ApnsRequest& request, const ApnsDecision& decision,
                          std::shared_ptr<const std::string>* sharedHeaders, RecordArena* arena) {
  std::size_t headerBytes = 0;
  for (const auto& [name, value] : request.headers) {
    headerBytes += name.size() + value.size() + 2 * sizeof(std::uint32_t);
  }
  thread_local std::string scratch;  // the header block, compared before it is kept
  scratch.clear();
  scratch.reserve(headerBytes);
  for (const auto& [name, value] : request.headers) {
    put(scratch, name);
    put(scratch, value);
  }
  if (sharedHeaders != nullptr && *sharedHeaders && **sharedHeaders == scratch) {
    requestHeaderBlock_ = *sharedHeaders;
  } else {
    requestHeaderBlock_ = std::make_shared<const std::string>(scratch);
    if (sharedHeaders != nullptr) {
      *sharedHeaders = requestHeaderBlock_;
    }
  }

  std::size_t bytes = request.method.size() + request.path.size() + request.authority.size() + request.body.size() +
                      decision.response.body.size() + 5 * sizeof(std::uint32_t);
  for (const auto& [name, value] : decision.response.headers) {
    bytes += name.size() + value.size() + 2 * sizeof(std::uint32_t);
  }
  std::string& packed = scratch;  // the header block is kept above; reuse the buffer
  packed.clear();
  packed.reserve(bytes);
  put(packed, request.method);
  put(packed, request.path);
  put(packed, request.authority);
  put(packed, request.body);
  put(packed, decision.response.body);
  for (const auto& [name, value] : decision.response.headers) {
    put(packed, name);
    put(packed, value);
  }
  if (arena != nullptr) {
    auto* stored = static_cast<char*>(arena->allocate(packed.size(), 1));
    std::memcpy(stored, packed.data(), packed.size());
    packed_ = std::string_view(stored, packed.size());
  } else {
    ownPacked_ = packed;
    packed_ = ownPacked_;
  }
  requestHeaders_ = static_cast<std::uint32_t>(request.headers.size());
  responseHeaders_ = static_cast<std::uint32_t>(decision.response.headers.size());
  streamId_ = request.streamId;
  bodySize_ = request.bodySize;
  kind_ = decision.kind;
  status_ = decision.response.status;
  delayMs_ = decision.delay.count();
  errorCode_ = decision.errorCode;
  goawayData_ = decision.goawayData;
}

nlohmann::json ApnsPushDetail::request() const {
  Unpacker in(packed_);
  auto method = in.next();
  auto path = in.next();
  auto authority = in.next();
  const auto body = in.next();
  static const std::string kNoHeaders;
  Unpacker headers(requestHeaderBlock_ ? *requestHeaderBlock_ : kNoHeaders);
  nlohmann::json out{{"method", std::move(method)}, {"path", std::move(path)},
                     {"authority", std::move(authority)}, {"stream", streamId_},
                     {"headers", headers.headers(requestHeaders_)}, {"body_size", bodySize_}};
  http1::addBodyJson(out, body, "application/json");
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
  switch (kind_) {
    case ApnsDecision::Kind::Respond: {
      Unpacker in(packed_);
      for (int skip = 0; skip < 4; ++skip) {
        in.next();
      }
      auto body = in.next();
      return {{"status", status_}, {"headers", in.headers(responseHeaders_)}, {"body", std::move(body)},
              {"delay_ms", delayMs_}};
    }
    case ApnsDecision::Kind::RstStream:
      return {{"rst_stream", errorCode_}, {"delay_ms", delayMs_}};
    case ApnsDecision::Kind::Goaway:
      return {{"goaway", errorCode_}, {"debug", goawayData_}, {"delay_ms", delayMs_}};
    case ApnsDecision::Kind::Close:
      return {{"close", true}, {"delay_ms", delayMs_}};
  }
  return {};
}

}  // namespace oxh::push::apns
