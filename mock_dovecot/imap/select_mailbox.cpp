#include "mock_dovecot/imap/select_mailbox.hpp"

#include <set>

#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void selectMailbox(CommandContext& ctx, bool readOnly) {
  ImapSession& session = ctx.session;
  std::optional<std::string> name;
  bool condstoreParameter = false;
  if (!ctx.args.empty()) {
    name = ctx.args[0].astring();
  }
  if (ctx.args.size() == 2 && ctx.args[1].isList()) {
    // RFC 7162 section 3.1.8: SELECT ... (CONDSTORE).
    for (const auto& parameter : ctx.args[1].list) {
      if (parameter.isAtom("CONDSTORE")) {
        condstoreParameter = true;
      } else {
        ctx.commandError("Unknown FETCH modifier");
        return;
      }
    }
  } else if (ctx.args.size() != 1) {
    name.reset();
  }
  if (!name) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  if (session.selected() != nullptr) {
    // Sent whenever a selected mailbox is left this way, CONDSTORE or not
    // (confirmed against Dovecot 2.3.19; RFC 7162 section 3.2.11 requires it for QRESYNC).
    session.unselect();
    ctx.untagged("OK [CLOSED] Previous mailbox closed.");
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
  session.select(SelectedView(*snapshot, readOnly, std::move(recent)));
  ctx.ok(readOnly ? "[READ-ONLY] Examine completed." : "[READ-WRITE] Select completed.");
}

}  // namespace oxh::dovecot::imap
