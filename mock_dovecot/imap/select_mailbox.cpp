#include "mock_dovecot/imap/select_mailbox.hpp"

#include <algorithm>
#include <set>

#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/select_qresync.hpp"

namespace oxh::dovecot::imap {

void selectMailbox(CommandContext& ctx, bool readOnly) {
  ImapSession& session = ctx.session;
  std::optional<std::string> name;
  if (!ctx.args.empty()) {
    name = ctx.args[0].astring();
  }
  if (!name || ctx.args.size() > 2 || (ctx.args.size() == 2 && !ctx.args[1].isList())) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  if (session.selected() != nullptr) {
    // Sent whenever a selected mailbox is left this way, CONDSTORE or not, and before the
    // parameters are looked at: "SELECT INBOX (FOO)" answers it before its BAD (confirmed
    // against Dovecot 2.3.19; RFC 7162 section 3.2.11 requires it for QRESYNC).
    session.unselect();
    ctx.untagged("OK [CLOSED] Previous mailbox closed.");
  }
  bool condstoreParameter = false;
  std::optional<QresyncParameters> qresync;
  if (ctx.args.size() == 2) {
    // RFC 7162 sections 3.1.8 and 3.2.5: SELECT ... (CONDSTORE) / (QRESYNC (...)).
    const auto& parameters = ctx.args[1].list;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      if (parameters[i].isAtom("CONDSTORE")) {
        condstoreParameter = true;
      } else if (parameters[i].isAtom("QRESYNC")) {
        if (i + 1 >= parameters.size() || !parameters[i + 1].isList()) {
          ctx.commandError("QRESYNC parameters missing");
          return;
        }
        if (!session.qresync()) {
          ctx.commandError("QRESYNC not enabled");
          return;
        }
        std::string error;
        qresync = parseQresyncParameters(parameters[++i], error);
        if (!qresync) {
          ctx.commandError(error);
          return;
        }
      } else {
        ctx.commandError("Unknown FETCH modifier");
        return;
      }
    }
  }
  MailStore& store = session.store();
  const auto canonical = store.findMailbox(session.user(), *name);
  if (!canonical) {
    ctx.no("Mailbox doesn't exist: " + *name);
    return;
  }
  if (condstoreParameter) {
    session.enable("CONDSTORE");
  }
  if (session.condstore()) {
    store.enableModseq(session.user(), *canonical);
  }
  auto snapshot = store.snapshot(session.user(), *canonical);
  if (!snapshot) {
    ctx.no("Mailbox doesn't exist: " + *name);
    return;
  }
  std::set<std::uint32_t> recent;
  if (readOnly) {
    // RFC 3501 section 6.3.2: EXAMINE does not take \Recent away from anyone.
    for (const auto& message : snapshot->messages) {
      if (message.recent) {
        recent.insert(message.uid);
      }
    }
  } else {
    std::vector<std::uint32_t> uids;
    for (const auto& message : snapshot->messages) {
      uids.push_back(message.uid);
    }
    for (std::uint32_t uid : store.claimRecent(session.user(), *canonical, uids)) {
      recent.insert(uid);
    }
  }
  // Keywords this connection's SEARCH created here before come first (ImapSession::rememberedKeywords).
  const ImapSession::RememberedKeywords* remembered = session.rememberedKeywords(snapshot->createdOrder);
  if (remembered != nullptr) {
    std::vector<std::string> merged = remembered->list;
    for (const auto& keyword : snapshot->keywords) {
      if (std::find(merged.begin(), merged.end(), keyword) == merged.end()) {
        merged.push_back(keyword);
      }
    }
    snapshot->keywords = std::move(merged);
  }
  std::string keywords;
  for (const auto& keyword : snapshot->keywords) {
    keywords += " " + keyword;
  }
  const std::string systemFlags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
  ctx.untagged("FLAGS (" + systemFlags + keywords + ")");
  if (readOnly) {
    ctx.untagged("OK [PERMANENTFLAGS ()] Read-only mailbox.");
  } else {
    ctx.untagged("OK [PERMANENTFLAGS (" + systemFlags + keywords + " \\*)] Flags permitted.");
  }
  ctx.untagged(std::to_string(snapshot->messages.size()) + " EXISTS");
  ctx.untagged(std::to_string(recent.size()) + " RECENT");
  if (const std::size_t unseen = snapshot->firstUnseen(); unseen != 0) {
    ctx.untagged("OK [UNSEEN " + std::to_string(unseen) + "] First unseen.");
  }
  ctx.untagged("OK [UIDVALIDITY " + std::to_string(snapshot->uidValidity) + "] UIDs valid");
  ctx.untagged("OK [UIDNEXT " + std::to_string(snapshot->uidNext) + "] Predicted next UID");
  if (snapshot->modseqTracking) {
    ctx.untagged("OK [HIGHESTMODSEQ " + std::to_string(snapshot->highestModseq) + "] Highest");
  }
  if (qresync) {
    sendQresyncChanges(ctx, *qresync, *snapshot, store.expungeLog(session.user(), *canonical), recent);
  }
  SelectedView view(*snapshot, readOnly, std::move(recent));
  if (remembered != nullptr) {
    view.addSessionKeywords(remembered->created);
  }
  session.select(std::move(view));
  session.syncLastFullModseq = snapshot->highestModseq;
  session.highestFetchModseq = 0;
  session.notifyUidNext = snapshot->uidNext;
  ctx.ok(readOnly ? "[READ-ONLY] Examine completed." : "[READ-WRITE] Select completed.");
}

}  // namespace oxh::dovecot::imap
