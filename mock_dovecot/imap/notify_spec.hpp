#pragma once
// NOTIFY (RFC 5465) arguments parsed the way Dovecot 2.3's cmd-notify.c reads them, with its
// errors (all confirmed against Dovecot 2.3.19):
// - anything it cannot read is "Invalid arguments." (no filter list, unknown filter such as
//   "all", unknown event name, an empty event list, "NOTIFY SET (selected MessageNew ...)");
// - "MessageNew and MessageExpunge must be together", "FlagChange requires MessageNew and
//   MessageExpunge" (only checked for selected / selected-delayed), "Duplicate selected filter",
//   "Invalid fetch-att list: <FETCH's error>";
// - AnnotationChange, MailboxMetadataChange and ServerMetadataChange parse but are refused
//   afterwards with "NO [BADEVENT <names>] Unsupported NOTIFY events." (badEvents).
// "NOTIFY SET" without groups and "(filter NONE)" groups are accepted.
// Thread: value types and free functions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mock_dovecot/imap/fetch_items.hpp"
#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

enum NotifyEvent : unsigned {
  kNotifyMessageNew = 1U << 0U,
  kNotifyMessageExpunge = 1U << 1U,
  kNotifyFlagChange = 1U << 2U,
  kNotifyAnnotationChange = 1U << 3U,
  kNotifyMailboxName = 1U << 4U,
  kNotifySubscriptionChange = 1U << 5U,
  kNotifyMailboxMetadataChange = 1U << 6U,
  kNotifyServerMetadataChange = 1U << 7U,
};

enum class NotifyFilter { kPersonal, kInboxes, kSubscribed, kSubtree, kMailboxes };

struct NotifyGroup {
  NotifyFilter filter = NotifyFilter::kPersonal;
  std::vector<std::string> mailboxes;  // subtree / mailboxes: the names as sent
  unsigned events = 0;                 // NotifyEvent bits
};

struct NotifySpec {
  bool none = true;  // NOTIFY NONE (or nothing set)
  bool status = false;
  bool selectedSet = false;
  bool selectedDelayed = false;
  unsigned selectedEvents = 0;
  std::optional<FetchRequest> messageNewFetch;  // MessageNew's fetch-att list (selected)
  std::vector<NotifyGroup> groups;              // non-selected filters with events
  unsigned usedEvents = 0;
};

struct NotifyParseResult {
  std::optional<NotifySpec> spec;
  std::string error;      // BAD text when !spec
  std::string badEvents;  // "AnnotationChange ..." when unsupported events were named
};

NotifyParseResult parseNotify(const ImapArgs& args);

// True when `mailbox` (a stored name) is covered by the group's filter.
bool notifyGroupMatches(const NotifyGroup& group, const std::string& mailbox, bool subscribed);

}  // namespace oxh::dovecot::imap
