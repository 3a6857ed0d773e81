#include "mock_apns_fcm/apns/apns_push_detail.hpp"

#include <cstring>

#include "common/http1/body_json.hpp"

namespace oxh::push::apns {

namespace {

// Reads ApnsPushDetail's packed strings in the order they were put.
class Unpacker {
 public:
  explicit Unpacker(const std::string& packed) : packed_(packed) {}
  std::string next() {
    std::uint32_t size = 0;
    std::memcpy(&size, packed_.data() + at_, sizeof size);
    at_ += sizeof size;
    std::string out = packed_.substr(at_, size);
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
  const std::string& packed_;
  std::size_t at_ = 0;
};

}  // namespace

void ApnsPushDetail::put(std::string_view text) {
  const auto size = static_cast<std::uint32_t>(text.size());
  char prefix[sizeof size];
  std::memcpy(prefix, &size, sizeof size);
  packed_.append(prefix, sizeof size).append(text);
}

void ApnsPushDetail::pack(const ApnsRequest& request, const ApnsDecision& decision) {
  std::size_t bytes = request.method.size() + request.path.size() + request.authority.size() + request.body.size() +
                      decision.response.body.size() + 6 * sizeof(std::uint32_t);
  for (const auto& [name, value] : request.headers) {
    bytes += name.size() + value.size() + 2 * sizeof(std::uint32_t);
  }
  for (const auto& [name, value] : decision.response.headers) {
    bytes += name.size() + value.size() + 2 * sizeof(std::uint32_t);
  }
  packed_.reserve(bytes);
  put(request.method);
  put(request.path);
  put(request.authority);
  put(request.body);
  for (const auto& [name, value] : request.headers) {
    put(name);
    put(value);
  }
  put(decision.response.body);
  for (const auto& [name, value] : decision.response.headers) {
    put(name);
    put(value);
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
  nlohmann::json out{{"method", std::move(method)}, {"path", std::move(path)},
                     {"authority", std::move(authority)}, {"stream", streamId_},
                     {"headers", in.headers(requestHeaders_)}, {"body_size", bodySize_}};
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
      for (int skip = 0; skip < 4 + 2 * static_cast<int>(requestHeaders_); ++skip) {
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
