#pragma once
// Dovecot's push_notification plugin with "ox" drivers, as seen from outside (dovecot.md 1.2,
// 1.3): only LMTP deliveries into INBOX notify; only when the user's server METADATA entry
// /private/vendor/vendor.dovecot/http-notify exists and has user=; one PUT per driver, in
// driver order, over one connection; the caller (LMTP) holds its reply until this returns.
// Journal: component "dovecot.push", kinds "push.skipped", "push.error", "push.request".
// Thread: messageDelivered() blocks; call it from a worker thread.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "mock_dovecot/push/ox_driver_config.hpp"
#include "mock_dovecot/push/ox_payload.hpp"
#include "mock_dovecot/push/ox_sender.hpp"

namespace oxh::dovecot::push {

inline constexpr const char* kHttpNotifyEntry = "/private/vendor/vendor.dovecot/http-notify";

struct DeliveredMessage {
  std::string login;     // Dovecot's username
  std::string mailbox;   // where it was saved
  std::uint32_t uidValidity = 0;
  std::uint32_t uid = 0;
  std::optional<std::string> from;
  std::optional<std::string> subject;
  std::optional<std::string> snippet;
  std::optional<std::size_t> unseen;
};

class OxPushDriver {
 public:
  OxPushDriver(std::vector<OxDriverConfig> drivers, journal::Journal* journal);

  // The http-notify entry's value for the delivering user, or nullopt when unset.
  using MetadataLookup = std::function<std::optional<std::string>()>;
  std::vector<SendOutcome> messageDelivered(const DeliveredMessage& message, const MetadataLookup& lookup);

  [[nodiscard]] bool enabled() const { return !drivers_.empty(); }
  [[nodiscard]] const std::vector<OxDriverConfig>& drivers() const { return drivers_; }

 private:
  void record(const std::string& kind, const std::string& summary);

  std::vector<OxDriverConfig> drivers_;
  journal::Journal* journal_;
};

// The `user` key of a METADATA value "k=v<TAB>user=U<TAB>..." (dovecot.md 1.2).
std::optional<std::string> userFromMetadataValue(const std::string& value);

}  // namespace oxh::dovecot::push
