#pragma once
// The 7.8.x APNs transport: JavaPNS over the legacy binary provider API (push.md 2, 3): TLS
// with the provider's client certificate, JavaPNS's default enhanced format (command 1:
// identifier, expiry, token, payload; identifiers from 1), then a read for the 6-byte error
// packet "08 status id" with a timeout (JavaPNS: 5 s), since APNs says nothing on success.
// After an error packet the gateway closes; the notifications after the failed one are resent
// on a new connection, as JavaPNS does. Status 8 (invalid token) and 5 (invalid token size)
// remove the subscription; a token that is not exactly 64 characters is refused before sending
// (InvalidDeviceTokenFormatException), and removed too; payloads over 256 bytes are refused
// (MESSAGE_TOO_BIG) and kept. Command 2 frames are available for builds that send them.
// Thread: send() is safe from any thread (one mutex); blocking on its own I/O.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/net/endpoint.hpp"
#include "mock_facade/pns/send_result.hpp"

namespace oxh::facade::pns {

struct ApnsLegacyTarget {
  net::HostPort gateway;  // gateway[.sandbox].push.apple.com:2195
  std::string serverName = "gateway.sandbox.push.apple.com";
  std::string clientCertPem;  // the keystore's certificate and key (PEM)
  std::string clientKeyPem;
  int command = 1;  // 1 = enhanced (JavaPNS default), 2 = frame
  // How long to wait for an error packet after the last frame; JavaPNS waits 5 s.
  std::chrono::milliseconds errorWait{5000};
  std::chrono::milliseconds connectTimeout{5000};
};

// One notification frame, exposed for tests (all integers big-endian).
std::string legacyFrame(int command, std::uint32_t identifier, const std::string& tokenHex, const std::string& payload);

class ApnsLegacySender {
 public:
  explicit ApnsLegacySender(ApnsLegacyTarget target);
  // Sends one batch (token, payload); one result per entry, in order.
  std::vector<SendResult> send(const std::vector<std::pair<std::string, std::string>>& batch);

 private:
  ApnsLegacyTarget target_;
  std::mutex mutex_;
  std::uint32_t nextId_ = 1;
};

}  // namespace oxh::facade::pns
