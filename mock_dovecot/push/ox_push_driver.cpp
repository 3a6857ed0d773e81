#include "mock_dovecot/push/ox_push_driver.hpp"

#include <sstream>

namespace oxh::dovecot::push {

std::optional<std::string> userFromMetadataValue(const std::string& value) {
  std::istringstream fields(value);
  std::string field;
  std::optional<std::string> user;
  while (std::getline(fields, field, '\t')) {
    if (field.rfind("user=", 0) == 0) {
      user = field.substr(5);  // the last one wins, as Dovecot's loop overwrites
    }
  }
  return user;
}

OxPushDriver::OxPushDriver(std::vector<OxDriverConfig> drivers, journal::Journal* journal)
    : drivers_(std::move(drivers)), journal_(journal) {}

void OxPushDriver::record(const std::string& kind, const std::string& summary) {
  if (journal_ == nullptr) {
    return;
  }
  journal::Entry entry;
  entry.component = "dovecot.push";
  entry.kind = kind;
  entry.summary = summary;
  entry.data = {{"message", summary}};
  journal_->append(std::move(entry));
}

std::vector<SendOutcome> OxPushDriver::messageDelivered(const DeliveredMessage& message, const MetadataLookup& lookup) {
  std::vector<SendOutcome> outcomes;
  if (drivers_.empty()) {
    return outcomes;
  }
  // The watched mailboxes are hard-coded to INBOX (dovecot.md 1.3).
  if (message.mailbox != "INBOX") {
    record("push.skipped", "Skipped because " + message.mailbox + " is not a watched mailbox");
    return outcomes;
  }
  const auto value = lookup();
  if (!value) {
    record("push.skipped",
           "Skipped because not active (/private/vendor/vendor.dovecot/pvt/server/vendor/vendor.dovecot/http-notify "
           "METADATA not set)");
    return outcomes;
  }
  const auto metadataUser = userFromMetadataValue(*value);
  if (!metadataUser) {
    // Even drivers without user_from_metadata send nothing (dovecot.md 1.2, LIVE P5).
    record("push.error", "push-notification-ox: No user provided in config");
    return outcomes;
  }
  OxSender sender(journal_);  // one connection per delivery, shared by all drivers
  for (const auto& driver : drivers_) {
    OxEvent event;
    event.user = driver.userFromMetadata ? *metadataUser : message.login;
    event.folder = message.mailbox;
    event.uidValidity = message.uidValidity;
    event.uid = message.uid;
    event.from = message.from;
    event.subject = message.subject;
    event.snippet = message.snippet;
    event.unseen = message.unseen;
    auto outcome = sender.send(driver, buildOxBody(event, driver.upstreamJsonQuirk));
    if (!outcome.error.empty()) {
      record("push.error", "push-notification-ox: " + outcome.error);
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace oxh::dovecot::push
