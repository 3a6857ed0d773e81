#include "mock_facade/pns/apns_http2_sender.hpp"

#include "common/error/error.hpp"

namespace oxh::facade::pns {

ApnsHttp2Sender::ApnsHttp2Sender(ApnsHttp2Target target) : target_(std::move(target)) {
  if (!target_.signingKeyPem.empty()) {
    tokens_ = std::make_unique<ProviderTokenCache>(target_.signingKeyPem, target_.keyId, target_.teamId);
  }
}

SendResult ApnsHttp2Sender::send(const std::string& token, const std::string& payload) {
  std::lock_guard lock(mutex_);
  SendResult result;
  result.token = token;
  result.detail["endpoint"] = target_.endpoint.str();
  result.detail["auth"] = tokens_ ? "jwt" : (target_.clientCertPem.empty() ? "none" : "certificate");
  http2::Request request;
  request.method = "POST";
  request.path = "/3/device/" + token;
  request.body = payload;
  request.timeout = target_.timeout;
  request.headers = {
      {"apns-topic", target_.topic}, {"apns-push-type", "alert"}, {"apns-priority", "10"}, {"apns-expiration", "0"}};
  try {
    if (tokens_) {
      request.headers.emplace_back("authorization", "bearer " + tokens_->current());
    }
    // One retry on a fresh connection when the kept one was closed (GOAWAY, idle close).
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!client_ || !client_->usable()) {
        http2::ClientOptions options;
        options.server = target_.endpoint;
        options.serverName = target_.serverName;
        options.tls.caPem = target_.caPem;
        options.tls.certPem = target_.clientCertPem;
        options.tls.keyPem = target_.clientKeyPem;
        options.connectTimeout = target_.timeout;
        client_ = http2::Client::connect(options);
      }
      try {
        const auto response = client_->request(request);
        result.status = response.status;
        result.detail["apns-id"] = response.header("apns-id").value_or("");
        result.detail["body"] = response.body;
        if (response.status == 200) {
          result.delivered = true;
          return result;
        }
        auto body = nlohmann::json::parse(response.body, nullptr, false);
        if (body.is_object()) {
          result.reason = body.value("reason", std::string());
          // Pushy reports a token invalidation timestamp only with 410; OX removes then.
          result.removeSubscription = response.status == 410 && body.contains("timestamp");
        } else {
          result.reason = "HTTP " + std::to_string(response.status);
        }
        return result;
      } catch (const OxhException& e) {
        if (e.error().id() != "oxh.http2.closed" || attempt == 1) {
          throw;
        }
        client_.reset();
      }
    }
  } catch (const OxhException& e) {
    client_.reset();
    result.reason = e.error().describe();
  }
  return result;
}

}  // namespace oxh::facade::pns
