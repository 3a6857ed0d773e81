#pragma once
// The 7.10+ APNs transport (Pushy over HTTP/2, push.md 1 and 3): POST /3/device/<token> on one
// kept-alive h2 connection, apns-topic = bundle id, apns-push-type alert, apns-priority 10,
// provider token (JWT ES256) or TLS client certificate. As Pushy-based OX does, only a 410
// carrying a timestamp removes the subscription; other rejections are logged and kept.
// Thread: send() is safe from any thread (one mutex; calls are serialized); it blocks on its own
// I/O, never on a caller's io_context.
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/http2/client.hpp"
#include "common/net/endpoint.hpp"
#include "mock_facade/pns/provider_token.hpp"
#include "mock_facade/pns/send_result.hpp"

namespace oxh::facade::pns {

struct ApnsHttp2Target {
  net::HostPort endpoint;                                 // api[.sandbox].push.apple.com:443 or the fake
  std::string serverName = "api.sandbox.push.apple.com";  // SNI / :authority
  std::optional<std::string> caPem;                       // trust; unset = no verification
  std::string topic;                                      // bundle id
  // Token auth (authtype jwt): the .p8 key and its ids.
  std::string signingKeyPem;
  std::string keyId;
  std::string teamId;
  // Certificate auth (authtype certificate): PEM certificate and key.
  std::string clientCertPem;
  std::string clientKeyPem;
  std::chrono::milliseconds timeout{5000};
};

class ApnsHttp2Sender {
 public:
  explicit ApnsHttp2Sender(ApnsHttp2Target target);
  SendResult send(const std::string& token, const std::string& payload);
  [[nodiscard]] const ApnsHttp2Target& target() const { return target_; }

 private:
  ApnsHttp2Target target_;
  std::mutex mutex_;
  std::unique_ptr<http2::Client> client_;
  std::unique_ptr<ProviderTokenCache> tokens_;
};

}  // namespace oxh::facade::pns
