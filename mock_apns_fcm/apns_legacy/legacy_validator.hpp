#pragma once
// Decides one legacy notification as Apple's gateway did (push.md §2 status table). Check
// order (Apple's own order is UNCONFIRMED; this one reports the most basic fault first):
//   malformed frame items      -> 1 processing error
//   no token / empty token     -> 2 missing device token
//   token not 32 bytes         -> 5 invalid token size
//   certificate without UID    -> 3 missing topic (the binary API takes the topic from the
//                                 certificate; mapping UNCONFIRMED)
//   no payload / empty payload -> 4 missing payload
//   payload over the limit     -> 7 invalid payload size (256 B commands 0/1, 2048 B command 2)
//   priority not 10 or 5       -> 1 processing error (UNCONFIRMED)
//   token unknown, of the other environment, or of a topic the certificate does not cover
//                              -> 8 invalid token (unknown tokens pass with acceptUnknownTokens)
// A token the registry marks unregistered is accepted: Apple took such pushes silently and
// reported the token through the feedback service.
// Thread: pure function over a registry that is itself thread-safe.
#include <string>

#include "mock_apns_fcm/apns/client_certificate.hpp"
#include "mock_apns_fcm/apns/device_registry.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_frame.hpp"

namespace oxh::push::apns {

struct LegacyValidationOptions {
  Environment environment = Environment::Sandbox;  // which gateway this is
  bool acceptUnknownTokens = false;
};

struct LegacyVerdict {
  LegacyStatus status = LegacyStatus::NoErrors;
  std::string why;  // for the record; empty when accepted
  [[nodiscard]] bool accepted() const { return status == LegacyStatus::NoErrors; }
};

[[nodiscard]] std::size_t legacyPayloadLimit(std::uint8_t command);

LegacyVerdict validateLegacy(const LegacyNotification& notification, const CertificateIdentity* certificate,
                             const DeviceRegistry& devices, const LegacyValidationOptions& options);

// "InvalidTokenSize", ...: the reason string recorded in PushRecord::reason.
[[nodiscard]] std::string legacyReason(LegacyStatus status);

}  // namespace oxh::push::apns
