#pragma once
// The fake APNs HTTP/2 provider API (DESIGN.md §2 "fake-apns"; push.md §1): TLS 1.2+ with ALPN
// h2, a leaf certificate for Apple's API host names, one nghttp2 server session per connection,
// POST /3/device/<token> validated as APNs does, token (JWT ES256) and certificate
// authentication, a device registry, one-shot fault overrides, and a record of every push
// (PushLog, journaled as component "apns", kind "push").
// Thread: start()/stop() from the owner; the registries, faults and log are safe from any
// thread; connections run on the io_context's threads, one strand each.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/net/endpoint.hpp"
#include "common/tls/certificate_authority.hpp"
#include "mock_apns_fcm/apns/apns_service.hpp"
#include "mock_apns_fcm/apns/device_registry.hpp"
#include "mock_apns_fcm/apns/fault_override.hpp"
#include "mock_apns_fcm/apns/provider_token_auth.hpp"
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

namespace oxh::push::apns {

// Names the leaf certificate carries (push.md §1.1 hosts, plus loopback for direct use).
inline const std::vector<std::string> kApnsHostNames{"api.push.apple.com", "api.sandbox.push.apple.com",
                                                     "api.development.push.apple.com", "localhost", "127.0.0.1"};

struct FakeApnsOptions {
  net::HostPort listen{"127.0.0.1", 0};
  std::shared_ptr<tls::CertificateAuthority> authority;  // issues the leaf; generated when null
  std::vector<std::string> hostNames = kApnsHostNames;
  std::string minTlsVersion = "TLSv1.2";  // [A1]: TLS 1.2 or later
  tls::LeafOptions leaf;                  // validity/backdate of the server certificate (expired on purpose in TLS tests)
  // Client certificates are requested, never required: with one the connection uses
  // certificate auth, without one token auth (clients use the same port for both).
  // When set, presented certificates must chain to this CA (else the handshake fails).
  std::string clientCaPem;
  ValidationOptions validation;
  bool gateStreamsUntilToken = true;  // MAX_CONCURRENT_STREAMS=1 until a valid provider token
  std::size_t maxHeaderBytes = 16384;
  SystemClock clock;                  // default: system_clock::now (tests move time)
  journal::Journal* journal = nullptr;  // not owned
};

class FakeApns {
 public:
  FakeApns(boost::asio::io_context& context, FakeApnsOptions options);
  ~FakeApns();
  FakeApns(const FakeApns&) = delete;
  FakeApns& operator=(const FakeApns&) = delete;

  void start();  // throws OxhException [oxh.net.listen], [oxh.tls.*]
  void stop();   // stops accepting and closes open connections

  [[nodiscard]] net::HostPort endpoint() const;
  [[nodiscard]] std::string caPem() const;  // the CA that issued the server certificate

  DeviceRegistry& devices();
  ProviderKeys& keys();
  FaultOverrides& faults();
  PushLog& pushes();

  // Convenience: register a token for topic in an environment; mark one unregistered.
  void addDevice(const std::string& token, const std::string& topic, Environment environment = Environment::Sandbox);
  void unregisterDevice(const std::string& token, std::chrono::system_clock::time_point since);
  void addKey(ProviderKey key);
  void arm(FaultOverride fault);
  // Per-device-token limit (429 TooManyRequests); RateLimit{} turns it off.
  void setRateLimit(RateLimit limit);
  // Forgets pushes, faults and rate counts (devices, keys and the limit stay).
  void reset();

  // Adds control actions: GET apns_pushes, POST apns_arm_fault, POST apns_devices (register
  // {"token","topic","environment","unregistered_since_ms"?}), POST apns_keys, POST
  // apns_rate_limit ({"max","window_ms"}, max 0 = off). Call before
  // the control plane starts.
  void registerControlActions(control::ControlPlane& control);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oxh::push::apns
