#pragma once
// The fake legacy binary APNs provider API (DESIGN.md §2 "fake-apns"; push.md §2), what OX
// 7.8.x reaches through JavaPNS: a TLS gateway (Apple: gateway[.sandbox].push.apple.com:2195)
// taking notification commands 0, 1 and 2 and answering bad ones with the 6-byte error packet
// before closing, and the feedback service (Apple: feedback[.sandbox].push.apple.com:2196)
// sending 38-byte records of unregistered tokens, then closing. Both listeners require a
// client certificate (subject UID = bundle id, Apple's environment OIDs). Every notification
// is recorded in pushes() and journaled as component "apns-legacy", kind "push".
// The device registry can be shared with FakeApns (options.devices), so one world of tokens
// serves both protocols.
// Thread: start()/stop() from the owner; registry, faults and log are safe from any thread;
// connections run on the io_context's threads, one strand each.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/net/endpoint.hpp"
#include "mock_apns_fcm/apns/device_registry.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_connection.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_fault.hpp"
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

// Names the leaf certificate carries (push.md §2 hosts, plus loopback for direct use).
inline const std::vector<std::string> kLegacyHostNames{
    "gateway.push.apple.com",  "gateway.sandbox.push.apple.com", "feedback.push.apple.com",
    "feedback.sandbox.push.apple.com", "localhost", "127.0.0.1"};

struct FakeApnsLegacyOptions {
  net::HostPort gateway{"127.0.0.1", 0};   // Apple: 2195
  net::HostPort feedback{"127.0.0.1", 0};  // Apple: 2196
  std::shared_ptr<tls::CertificateAuthority> authority;  // issues the leaf; generated when null
  std::vector<std::string> hostNames = kLegacyHostNames;
  std::string minTlsVersion = "TLSv1.2";  // the harness floor (DESIGN.md §4); Apple's is UNCONFIRMED
  // When set, client certificates must chain to this CA; otherwise any certificate is taken
  // (JavaPNS users bring their own Apple-issued or self-made certificates).
  std::string clientCaPem;
  Environment environment = Environment::Sandbox;  // which gateway this pretends to be
  bool acceptUnknownTokens = false;                // else unknown tokens get status 8
  bool requireEnvironmentOid = true;               // see legacy_connection.hpp
  std::chrono::milliseconds idleTimeout = kLegacyIdleTimeout;
  DeviceRegistry* devices = nullptr;     // shared (e.g. &FakeApns::devices()); own one when null
  journal::Journal* journal = nullptr;   // not owned
};

class FakeApnsLegacy {
 public:
  FakeApnsLegacy(boost::asio::io_context& context, FakeApnsLegacyOptions options);
  ~FakeApnsLegacy();
  FakeApnsLegacy(const FakeApnsLegacy&) = delete;
  FakeApnsLegacy& operator=(const FakeApnsLegacy&) = delete;

  void start();  // both listeners; throws OxhException [oxh.net.listen], [oxh.tls.*]
  void stop();   // stops accepting and closes open connections

  [[nodiscard]] net::HostPort gatewayEndpoint() const;
  [[nodiscard]] net::HostPort feedbackEndpoint() const;
  [[nodiscard]] std::string caPem() const;  // the CA that issued the server certificate

  DeviceRegistry& devices();
  LegacyFaults& faults();
  PushLog& pushes();

  // Registers a token (hex) for topic; the feedback service watches it.
  void addDevice(const std::string& token, const std::string& topic, Environment environment = Environment::Sandbox);
  // Marks a token unregistered since `since` (registering it without a topic if unknown), so
  // the next feedback connection reports it once.
  void unregisterDevice(const std::string& token, std::chrono::system_clock::time_point since);
  // Lets the feedback service consider a token registered elsewhere (e.g. through FakeApns).
  void trackToken(const std::string& token);
  void arm(LegacyFault fault);
  // Forgets pushes, faults and which feedback records were delivered (devices stay).
  void reset();

  // Adds control actions: GET apns_legacy_pushes, POST apns_legacy_arm_fault (LegacyFault
  // JSON), POST apns_legacy_unregister {"token","since_ms"?,"topic"?}. Before the plane starts.
  void registerControlActions(control::ControlPlane& control);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oxh::push::apns
