#include "mock_dovecot/imap/notify_events.hpp"

#include <map>
#include <set>
#include <vector>

#include "mock_dovecot/imap/fetch_render.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/message_access.hpp"

namespace oxh::dovecot::imap {

struct NotifyState {
  struct Counters {
    std::size_t messages = 0;
    std::uint32_t uidNext = 0;
    std::uint64_t highestModseq = 0;
    std::size_t unseen = 0;
    bool operator==(const Counters&) const = default;
  };
  NotifySpec spec;
  std::map<std::string, Counters> counters;
  std::map<std::string, bool> mailboxes;  // existing mailbox -> subscribed
};

namespace {

constexpr unsigned kStatusEvents = kNotifyMessageNew | kNotifyMessageExpunge | kNotifyFlagChange;
constexpr unsigned kListEvents = kNotifyMailboxName | kNotifySubscriptionChange;

unsigned eventsFor(const NotifySpec& spec, const std::string& mailbox, bool subscribed) {
  unsigned events = 0;
  for (const auto& group : spec.groups) {
    if (notifyGroupMatches(group, mailbox, subscribed)) {
      events |= group.events;
    }
  }
  return events;
}

NotifyState::Counters countersOf(const MailboxSnapshot& snapshot) {
  return {snapshot.messages.size(), snapshot.uidNext, snapshot.highestModseq, snapshot.unseen()};
}

void reportSelectedNew(ImapSession& session, const NotifyState& state, std::uint32_t lastUidBefore) {
  SelectedView* view = session.selected();
  const NotifySpec& spec = state.spec;
  if (view == nullptr || !spec.selectedSet || (spec.selectedEvents & kNotifyMessageNew) == 0 || !spec.messageNewFetch ||
      view->lastUid() <= lastUidBefore) {
    return;
  }
  MessageAccess access(session);
  if (!access.valid()) {
    return;
  }
  const FetchRequest& request = *spec.messageNewFetch;
  for (std::uint32_t uid : view->uids()) {
    const StoredMessage* stored = uid >= session.notifyUidNext ? access.message(uid) : nullptr;
    if (stored == nullptr) {
      continue;
    }
    FetchMessage message;
    message.sequence = access.sequence(uid);
    message.stored = stored;
    message.parsed = needsParsedMessage(request) ? &access.parsed(*stored) : nullptr;
    message.flags = stored->flags;
    message.recent = access.recent(uid);
    session.writeLine("* " + renderFetch(request, message));
  }
  session.notifyUidNext = view->lastUid() + 1;
}

}  // namespace

void filterSelectedLines(const ImapSession& session, std::vector<std::string>& lines) {
  if (session.notifySelectedCounts && session.notifySelectedFlags) {
    return;
  }
  std::erase_if(lines, [&session](const std::string& line) {
    if (line.rfind("VANISHED ", 0) == 0) {
      return !session.notifySelectedCounts;
    }
    const auto space = line.find(' ');
    if (space == 0 || space == std::string::npos ||
        line.find_first_not_of("0123456789") != space) {
      return false;
    }
    const std::string_view rest = std::string_view(line).substr(space + 1);
    if (rest == "EXISTS" || rest == "RECENT" || rest == "EXPUNGE") {
      return !session.notifySelectedCounts;
    }
    return rest.rfind("FETCH (", 0) == 0 && !session.notifySelectedFlags;
  });
}

void startNotify(ImapSession& session, NotifySpec spec) {
  session.notifySelectedCounts = (spec.selectedEvents & kNotifyMessageNew) != 0;
  session.notifySelectedFlags = (spec.selectedEvents & kNotifyFlagChange) != 0;
  if (spec.none) {
    session.notifyState.reset();
    return;
  }
  auto state = std::make_shared<NotifyState>();
  state->spec = std::move(spec);
  for (const auto& entry : session.store().listMailboxes(session.user())) {
    if (!entry.exists) {
      continue;
    }
    state->mailboxes[entry.name] = entry.subscribed;
    if (auto snapshot = session.store().snapshot(session.user(), entry.name)) {
      state->counters[entry.name] = countersOf(*snapshot);
    }
  }
  session.notifyState = std::move(state);
}

bool notifyImmediateExpunges(const ImapSession& session) {
  const NotifyState* state = session.notifyState.get();
  return state != nullptr && state->spec.selectedSet && !state->spec.selectedDelayed &&
         (state->spec.selectedEvents & kNotifyMessageExpunge) != 0;
}

bool notifyWatches(const ImapSession& session, const std::string& mailbox) {
  if (!session.notifyState) {
    return false;
  }
  return (eventsFor(session.notifyState->spec, mailbox, true) & (kStatusEvents | kListEvents)) != 0;
}

void notifyAfterSync(ImapSession& session, std::uint32_t lastUidBefore) {
  if (!session.notifyState) {
    return;
  }
  NotifyState& state = *session.notifyState;
  reportSelectedNew(session, state, lastUidBefore);
  const SelectedView* selected = session.selected();
  std::map<std::string, bool> now;
  for (const auto& entry : session.store().listMailboxes(session.user())) {
    if (entry.exists) {
      now[entry.name] = entry.subscribed;
    }
  }
  for (const auto& [name, subscribed] : state.mailboxes) {
    if (now.count(name) == 0 && (eventsFor(state.spec, name, subscribed) & kNotifyMailboxName) != 0) {
      session.writeLine("* LIST (\\NonExistent) \"/\" " + astring(name));
    }
  }
  for (const auto& [name, subscribed] : now) {
    const unsigned events = eventsFor(state.spec, name, subscribed);
    auto known = state.mailboxes.find(name);
    if (known == state.mailboxes.end()) {
      if ((events & kNotifyMailboxName) != 0) {
        session.writeLine("* LIST () \"/\" " + astring(name));
      }
    } else if (known->second != subscribed && (events & kNotifySubscriptionChange) != 0) {
      session.writeLine(std::string("* LIST (") + (subscribed ? "\\Subscribed" : "") + ") \"/\" " + astring(name));
    }
  }
  // Mailbox list changes first, then the STATUS lines (confirmed against Dovecot 2.3.19).
  for (const auto& [name, subscribed] : now) {
    const unsigned events = eventsFor(state.spec, name, subscribed);
    auto snapshot = session.store().snapshot(session.user(), name);
    if (!snapshot) {
      continue;
    }
    const NotifyState::Counters current = countersOf(*snapshot);
    auto last = state.counters.find(name);
    const bool isSelected = selected != nullptr && selected->mailbox() == name;
    if (last != state.counters.end() && !isSelected && (events & kStatusEvents) != 0) {
      const bool countChanged = last->second.messages != current.messages || last->second.uidNext != current.uidNext;
      const bool flagsChanged = last->second.highestModseq != current.highestModseq && !countChanged;
      // New or expunged messages: MESSAGES, UIDNEXT and UNSEEN; a flag change alone: only what
      // changed of UNSEEN and (with CONDSTORE) HIGHESTMODSEQ, "(UNSEEN 0)", "(HIGHESTMODSEQ n)"
      // (confirmed against Dovecot 2.3.19).
      std::vector<std::string> items;
      const bool counts = countChanged && (events & (kNotifyMessageNew | kNotifyMessageExpunge)) != 0;
      const bool flags = flagsChanged && (events & kNotifyFlagChange) != 0;
      if (counts) {
        items.push_back("MESSAGES " + std::to_string(current.messages));
        items.push_back("UIDNEXT " + std::to_string(current.uidNext));
      }
      if (counts || (flags && current.unseen != last->second.unseen)) {
        items.push_back("UNSEEN " + std::to_string(current.unseen));
      }
      if ((counts || flags) && session.condstore()) {
        items.push_back("HIGHESTMODSEQ " + std::to_string(current.highestModseq));
      }
      if (!items.empty()) {
        std::string line = "* STATUS " + astring(snapshot->name) + " (";
        for (std::size_t i = 0; i < items.size(); ++i) {
          line += (i == 0 ? "" : " ") + items[i];
        }
        session.writeLine(line + ")");
      }
    }
    state.counters[name] = current;
  }
  state.mailboxes = std::move(now);
}

}  // namespace oxh::dovecot::imap
