#include "mock_dovecot/imap/notify_spec.hpp"

#include <array>
#include <string_view>

#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr std::array<std::string_view, 8> kEventNames = {
    "MessageNew",         "MessageExpunge",        "FlagChange",          "AnnotationChange", "MailboxName",
    "SubscriptionChange", "MailboxMetadataChange", "ServerMetadataChange"};
constexpr unsigned kUnsupported = kNotifyAnnotationChange | kNotifyMailboxMetadataChange | kNotifyServerMetadataChange;
constexpr unsigned kNewOrExpunge = kNotifyMessageNew | kNotifyMessageExpunge;

std::optional<unsigned> parseEvent(const ImapArg& arg) {
  if (!arg.isAtom()) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < kEventNames.size(); ++i) {
    if (iequals(arg.value, kEventNames[i])) {
      return 1U << i;
    }
  }
  return std::nullopt;
}

struct Parser {
  NotifySpec spec;
  std::string error;

  bool fail(std::string text = {}) {
    error = std::move(text);
    return false;
  }

  // events: the rest of the group after "selected"/"selected-delayed".
  bool selected(const ImapArgs& group, std::size_t at) {
    if (at < group.size() && group[at].isAtom("NONE")) {
      return at + 1 == group.size() || fail();
    }
    if (at >= group.size() || !group[at].isList() || at + 1 != group.size() || group[at].list.empty()) {
      return fail();
    }
    const ImapArgs& list = group[at].list;
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto event = parseEvent(list[i]);
      if (!event) {
        return fail();
      }
      spec.selectedEvents |= *event;
      spec.usedEvents |= *event;
      if (*event == kNotifyMessageNew && i + 1 < list.size() && list[i + 1].isList()) {
        ++i;
        if (list[i].list.empty()) {
          return fail();  // at least one fetch-att
        }
        std::string fetchError;
        spec.messageNewFetch =
            parseFetchRequest(ImapArgs{ImapArg{ImapArg::Type::kAtom, "1", {}, false}, list[i]}, false, fetchError);
        if (!spec.messageNewFetch) {
          return fail("Invalid fetch-att list: " + fetchError);
        }
      }
    }
    if ((spec.selectedEvents & kNewOrExpunge) != 0 && (spec.selectedEvents & kNewOrExpunge) != kNewOrExpunge) {
      return fail("MessageNew and MessageExpunge must be together.");
    }
    if ((spec.selectedEvents & (kNotifyFlagChange | kNotifyAnnotationChange)) != 0 &&
        (spec.selectedEvents & kNotifyMessageNew) == 0) {
      return fail("FlagChange requires MessageNew and MessageExpunge.");
    }
    return true;
  }

  bool group(const ImapArg& arg) {
    if (!arg.isList() || arg.list.empty() || !arg.list[0].isAtom()) {
      return fail();
    }
    const ImapArgs& group = arg.list;
    const std::string& filter = group[0].value;
    if (iequals(filter, "selected") || iequals(filter, "selected-delayed")) {
      if (spec.selectedSet) {
        return fail("Duplicate selected filter.");
      }
      spec.selectedSet = true;
      spec.selectedDelayed = iequals(filter, "selected-delayed");
      return selected(group, 1);
    }
    NotifyGroup out;
    std::size_t at = 1;
    const bool named = iequals(filter, "subtree") || iequals(filter, "mailboxes");
    if (named) {
      if (at >= group.size()) {
        return fail();
      }
      if (auto name = group[at].astring()) {
        out.mailboxes.push_back(*name);
      } else if (group[at].isList() && !group[at].list.empty()) {
        for (const auto& item : group[at].list) {
          auto itemName = item.astring();
          if (!itemName) {
            return fail();
          }
          out.mailboxes.push_back(*itemName);
        }
      } else {
        return fail();
      }
      ++at;
    }
    if (at < group.size() && group[at].isAtom("NONE")) {
      return true;  // NONE is the default
    }
    if (at >= group.size() || !group[at].isList() || group[at].list.empty()) {
      return fail();
    }
    if (iequals(filter, "personal")) {
      out.filter = NotifyFilter::kPersonal;
    } else if (iequals(filter, "inboxes")) {
      out.filter = NotifyFilter::kInboxes;
    } else if (iequals(filter, "subscribed")) {
      out.filter = NotifyFilter::kSubscribed;
    } else if (iequals(filter, "subtree")) {
      out.filter = NotifyFilter::kSubtree;
    } else if (iequals(filter, "mailboxes")) {
      out.filter = NotifyFilter::kMailboxes;
    } else {
      return fail();
    }
    for (const auto& item : group[at].list) {
      auto event = parseEvent(item);
      if (!event) {
        return fail();
      }
      out.events |= *event;
      spec.usedEvents |= *event;
    }
    spec.groups.push_back(std::move(out));
    return true;
  }
};

}  // namespace

NotifyParseResult parseNotify(const ImapArgs& args) {
  NotifyParseResult result;
  Parser parser;
  bool ok = !args.empty() && args[0].isAtom();
  if (ok && args[0].isAtom("NONE")) {
    // Extra arguments after NONE are not read (client_read_args reads the whole line, but
    // cmd_notify only looks at the first).
  } else if (ok && args[0].isAtom("SET")) {
    parser.spec.none = false;
    std::size_t at = 1;
    if (at < args.size() && args[at].isAtom("STATUS")) {
      parser.spec.status = true;
      ++at;
    }
    for (; ok && at < args.size(); ++at) {
      ok = parser.group(args[at]);
    }
  } else {
    ok = false;
  }
  if (!ok) {
    result.error = parser.error.empty() ? "Invalid arguments." : parser.error;
    return result;
  }
  for (std::size_t i = 0; i < kEventNames.size(); ++i) {
    const unsigned bit = 1U << i;
    if ((parser.spec.usedEvents & bit & kUnsupported) != 0) {
      result.badEvents += (result.badEvents.empty() ? "" : " ") + std::string(kEventNames[i]);
    }
  }
  result.spec = std::move(parser.spec);
  return result;
}

bool notifyGroupMatches(const NotifyGroup& group, const std::string& mailbox, bool subscribed) {
  switch (group.filter) {
    case NotifyFilter::kPersonal:
    case NotifyFilter::kInboxes:  // Dovecot 2.3.19 reports every personal mailbox for "inboxes"
      return true;
    case NotifyFilter::kSubscribed:
      return subscribed;
    case NotifyFilter::kSubtree:
      for (const auto& name : group.mailboxes) {
        const std::string root = canonicalMailboxName(name);
        if (mailbox == root || mailbox.rfind(root + "/", 0) == 0) {
          return true;
        }
      }
      return false;
    case NotifyFilter::kMailboxes:
      for (const auto& name : group.mailboxes) {
        if (mailbox == canonicalMailboxName(name)) {
          return true;
        }
      }
      return false;
  }
  return false;
}

}  // namespace oxh::dovecot::imap
