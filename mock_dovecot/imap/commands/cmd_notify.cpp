// NOTIFY (RFC 5465) as Dovecot 2.3.19 answers it (confirmed against Dovecot 2.3.19):
// arguments and errors as imap/notify_spec.hpp; "OK NOTIFY completed."; with STATUS, one
// "* STATUS <box> (MESSAGES n UIDNEXT n UIDVALIDITY n UNSEEN n)" per selectable mailbox a
// group with MessageNew, MessageExpunge or FlagChange covers, the selected mailbox left out,
// HIGHESTMODSEQ added for groups with FlagChange (even without CONDSTORE). Dovecot sends them
// in the order of its mailbox iteration (not LIST order); clients must not rely on it.
// Events are reported at later sync points (imap/notify_events.cpp).
// Thread: the session's.
#include <memory>

#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/notify_events.hpp"
#include "mock_dovecot/imap/notify_spec.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr unsigned kStatusEvents = kNotifyMessageNew | kNotifyMessageExpunge | kNotifyFlagChange;

void sendInitialStatus(CommandContext& ctx, const NotifySpec& spec) {
  ImapSession& session = ctx.session;
  const SelectedView* selected = session.selected();
  for (const auto& entry : session.store().listMailboxes(session.user())) {
    if (!entry.exists || (selected != nullptr && selected->mailbox() == entry.name)) {
      continue;
    }
    unsigned events = 0;
    for (const auto& group : spec.groups) {
      if (notifyGroupMatches(group, entry.name, entry.subscribed)) {
        events |= group.events;
      }
    }
    if ((events & kStatusEvents) == 0) {
      continue;
    }
    auto snapshot = session.store().snapshot(session.user(), entry.name);
    if (!snapshot) {
      continue;
    }
    std::string line = "STATUS " + astring(snapshot->name) + " (MESSAGES " + std::to_string(snapshot->messages.size()) +
                       " UIDNEXT " + std::to_string(snapshot->uidNext) + " UIDVALIDITY " +
                       std::to_string(snapshot->uidValidity) + " UNSEEN " + std::to_string(snapshot->unseen());
    if ((events & kNotifyFlagChange) != 0) {
      line += " HIGHESTMODSEQ " + std::to_string(snapshot->highestModseq);
    }
    ctx.untagged(line + ")");
  }
}

}  // namespace

void cmdNotify(CommandContext& ctx) {
  NotifyParseResult parsed = parseNotify(ctx.args);
  if (!parsed.spec) {
    ctx.commandError(parsed.error);
    return;
  }
  if (!parsed.badEvents.empty()) {
    ctx.no("[BADEVENT " + parsed.badEvents + "] Unsupported NOTIFY events.");
    return;
  }
  if (parsed.spec->status) {
    sendInitialStatus(ctx, *parsed.spec);
  }
  startNotify(ctx.session, std::move(*parsed.spec));
  ctx.ok("NOTIFY completed.");
}

}  // namespace oxh::dovecot::imap
