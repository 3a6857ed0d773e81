#pragma once
// The fake FCM (DESIGN.md §2 "fake-fcm"; push.md §4, §5) on common/http1: legacy
// POST /fcm/send and GCM's /gcm/send (answered on any Host, as OX 7.8's endpoint is
// UNCONFIRMED), and v1 POST /v1/projects/{p}/messages:send. Plain HTTP by default (node-gcm
// and OX's HttpURLConnection take any URL); TLS when `tls` is set, with ALPN h2 and http/1.1
// on the one port (HTTP/2 connections: fcm_h2_connection.hpp), and POST /token standing in for
// oauth2.googleapis.com (no check of the assertion). Every push is recorded
// (PushLog, journaled as component "fcm", kind "push").
// Thread: start()/stop() from the owner; registries, faults and the log from any thread.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "common/net/endpoint.hpp"
#include "mock_apns_fcm/fcm/fcm_context.hpp"
#include "mock_apns_fcm/fcm/fcm_registry.hpp"
#include "mock_apns_fcm/push_record.hpp"

namespace oxh::journal {
class Journal;
}
namespace oxh::tls {
class CertificateAuthority;
}
namespace oxh::control {
class ControlPlane;
}

namespace oxh::push::fcm {

// What POST /token (the OAuth stand-in) hands out when no access token is registered (then
// any bearer token is accepted anyway).
inline constexpr const char* kIssuedAccessToken = "oxh-fake-access-token";

struct FakeFcmOptions {
  net::HostPort listen{"127.0.0.1", 0};
  bool tls = false;  // HTTPS (ALPN h2 and http/1.1) with a leaf from `authority`
  std::shared_ptr<tls::CertificateAuthority> authority;
  std::vector<std::string> hostNames{"fcm.googleapis.com", "gcm-http.googleapis.com", "android.googleapis.com",
                                     "oauth2.googleapis.com", "localhost", "127.0.0.1"};
  FcmBehaviour behaviour;
  journal::Journal* journal = nullptr;  // not owned
};

class FakeFcm {
 public:
  FakeFcm(boost::asio::io_context& context, FakeFcmOptions options);
  ~FakeFcm();
  FakeFcm(const FakeFcm&) = delete;
  FakeFcm& operator=(const FakeFcm&) = delete;

  void start();  // throws OxhException [oxh.net.listen]
  void stop();
  [[nodiscard]] net::HostPort endpoint() const;
  [[nodiscard]] std::string baseUrl() const;  // "http://127.0.0.1:port"

  FcmRegistry& registry();
  FcmFaults& faults();
  PushLog& pushes();

  void addServerKey(const std::string& key, const std::string& sender);
  void addAccessToken(const std::string& token);
  void addDevice(const std::string& token, const std::string& sender, bool registered = true,
                 const std::string& canonicalId = {});
  void arm(FcmFault fault);
  // Per-registration-token limit (v1 QUOTA_EXCEEDED, legacy DeviceMessageRateExceeded).
  void setRateLimit(RateLimit limit);
  void reset();  // forgets pushes, faults and rate counts

  // GET fcm_pushes, POST fcm_arm_fault, POST fcm_devices {"token","sender","registered"?,
  // "canonical_id"?}, POST fcm_keys {"key","sender"}, POST fcm_rate_limit {"max","window_ms"}.
  // Call before the control plane starts.
  void registerControlActions(control::ControlPlane& control);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oxh::push::fcm
