#pragma once
// One gateway connection's protocol core, socket-free (bytes in, bytes out): decodes
// notifications, applies armed faults, validates, records every notification in the PushLog
// (service "apns-legacy") and decides what goes back. Apple answers nothing on success; a bad
// notification gets the 6-byte error-response packet and the connection closes, and whatever
// the client sent after it is discarded unprocessed [A4]. A bad command 0 notification has no
// identifier, so the connection just closes (push.md §2). Bytes that are no notification at
// all get status 255 with identifier 0 (UNCONFIRMED what Apple sent), then the close.
//
// PushRecord fields for this service: status 200 and empty reason when accepted; otherwise
// status = the error-response status (1-255) and reason = legacyReason(status); a "close"
// fault (no status byte sent) records status 0, reason "ConnectionClosed".
// request = {"command","identifier","expiry","priority","token_bytes","body" | "body_hex",
// "json"?, "unknown_items"?}.
// Thread: one connection's strand.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mock_apns_fcm/apns/client_certificate.hpp"
#include "mock_apns_fcm/apns/device_registry.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_fault.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_feedback.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_frame.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_validator.hpp"
#include "mock_apns_fcm/push_record.hpp"

namespace oxh::journal {
class Journal;
}

namespace oxh::push::apns {

inline constexpr const char* kLegacyComponent = "apns-legacy";

// What all connections of one FakeApnsLegacy share; none of it is owned here.
struct LegacyGatewayShared {
  const DeviceRegistry* devices = nullptr;
  LegacyFaults* faults = nullptr;
  PushLog* log = nullptr;
  LegacyFeedback* feedback = nullptr;    // tokens pushed to are tracked for the feedback service
  journal::Journal* journal = nullptr;  // may be null
  LegacyValidationOptions validation;
};

class LegacyGatewaySession {
 public:
  struct Output {
    std::string write;   // bytes for the client (an error-response packet or nothing)
    bool close = false;  // close once `write` is out; later input is discarded
    std::string why;
  };

  LegacyGatewaySession(const LegacyGatewayShared& shared, std::string connection,
                       std::optional<CertificateIdentity> certificate);

  Output receive(std::string_view bytes);
  [[nodiscard]] bool closing() const { return closing_; }
  [[nodiscard]] std::uint32_t lastAccepted() const { return lastAccepted_; }
  [[nodiscard]] std::size_t accepted() const { return accepted_; }

 private:
  void handle(const LegacyNotification& notification, Output& out);
  void record(const LegacyNotification& notification, const std::string& tokenHex, LegacyStatus status,
              const std::string& why, nlohmann::json response);
  void journal(const std::string& kind, const std::string& summary, nlohmann::json data);

  const LegacyGatewayShared& shared_;
  std::string connection_;
  std::optional<CertificateIdentity> certificate_;
  std::string auth_;
  LegacyFrameDecoder decoder_;
  bool closing_ = false;
  std::uint32_t lastAccepted_ = 0;
  std::size_t accepted_ = 0;
};

}  // namespace oxh::push::apns
