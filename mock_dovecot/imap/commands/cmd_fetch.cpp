// FETCH and UID FETCH (RFC 3501 sections 6.4.5 and 6.4.8; RFC 7162 MODSEQ and CHANGEDSINCE).
// The message set is checked before the attributes (imap_search_get_anyset comes first in
// cmd-fetch.c), so "FETCH 1 FOO" on an empty mailbox is "Invalid messageset" (confirmed
// against Dovecot 2.3.19). BODY[...], BINARY[...], RFC822 and RFC822.TEXT set \Seen; the
// change shows in the same FETCH line ("FLAGS (\Seen ...)" first) and not again at the sync
// point (MAILBOX_TRANSACTION_FLAG_HIDE).
#include <algorithm>

#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/fetch_items.hpp"
#include "mock_dovecot/imap/fetch_render.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/message_access.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"

namespace oxh::dovecot::imap {

namespace {

// RFC 7162 section 3.2.6: "* VANISHED (EARLIER) <uids>" for the messages of the UID set
// expunged after mod-sequence `changedSince`, before the FETCH lines (confirmed against Dovecot
// 2.3.19; nothing when none).
void sendVanishedEarlier(CommandContext& ctx, const std::string& uidSet, std::uint64_t changedSince) {
  const auto ranges = parseSequenceSet(uidSet);
  if (!ranges) {
    return;
  }
  std::vector<std::uint32_t> vanished;
  const SelectedView* view = ctx.session.selected();
  for (const auto& record : ctx.session.store().expungeLog(ctx.session.user(), view->mailbox())) {
    if (record.modseq <= changedSince) {
      continue;
    }
    for (const auto& range : *ranges) {
      if (record.uid >= range.first && record.uid <= range.last) {
        vanished.push_back(record.uid);
        break;
      }
    }
  }
  std::sort(vanished.begin(), vanished.end());
  vanished.erase(std::unique(vanished.begin(), vanished.end()), vanished.end());
  if (!vanished.empty()) {
    ctx.untagged("VANISHED (EARLIER) " + formatSequenceSet(vanished));
  }
}

// FETCH on a mailbox re-created under the session (recreated_selection.hpp): UID, FLAGS and MODSEQ
// come from the view; anything else ends the session, after the \Seen a BODY[] sets (confirmed
// against Dovecot 2.3.19: "* 1 FETCH (FLAGS (\Seen \Recent))", then "* BYE FETCH failed: ...").
bool failsOnRecreatedSelection(CommandContext& ctx, const FetchRequest& request,
                               const std::vector<std::uint32_t>& uids) {
  const bool viewOnly = std::all_of(request.items.begin(), request.items.end(), [](const FetchItem& item) {
    return item.kind == FetchKind::kFlags || item.kind == FetchKind::kUid || item.kind == FetchKind::kModseq;
  });
  if (viewOnly || !selectionRecreated(ctx.session)) {
    return false;
  }
  const SelectedView* view = ctx.session.selected();
  for (std::uint32_t u : uids) {
    const MessageFlags* flags = view->flags(u);
    if (request.updateSeen && !view->readOnly() && flags != nullptr && (flags->system & kFlagSeen) == 0) {
      MessageFlags seen = *flags;
      seen.system |= kFlagSeen;
      ctx.untagged(std::to_string(view->sequenceOf(u).value_or(0)) + " FETCH (FLAGS (" +
                   flagList(seen, view->isRecent(u)) + "))");
      break;
    }
  }
  ctx.session.fatal("FETCH failed: " + internalErrorText());
  return true;
}

void fetch(CommandContext& ctx, bool uid) {
  ImapSession& session = ctx.session;
  SelectedView* view = session.selected();
  if (ctx.args.size() < 2 || !ctx.args[0].isAtom() || !(ctx.args[1].isList() || ctx.args[1].isAtom()) ||
      (ctx.args.size() > 2 && !ctx.args[2].isList())) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  const auto uids = messageSetArgument(ctx, ctx.args[0].value, uid);
  if (!uids) {
    return;
  }
  std::string error;
  auto request = parseFetchRequest(ctx.args, uid, error, session.qresync());
  if (!request) {
    // A CHANGEDSINCE read before the failing modifier has enabled CONDSTORE already:
    // "UID FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)" without QRESYNC answers
    // "* OK [HIGHESTMODSEQ n]" before its BAD (confirmed against Dovecot 2.3.19).
    const bool modifierError = error == "QRESYNC not enabled" || error == "Unknown FETCH modifier" ||
                               error == "VANISHED used without CHANGEDSINCE" ||
                               error == "FETCH modifiers contain non-atoms.";
    if (modifierError && ctx.args.size() > 2 && ctx.args[2].isList()) {
      const auto& modifiers = ctx.args[2].list;
      for (std::size_t i = 0; i + 1 < modifiers.size() && modifiers[i].isAtom("CHANGEDSINCE"); i += 2) {
        if (!modifiers[i + 1].isAtom() || modifiers[i + 1].value.find_first_not_of("0123456789") != std::string::npos) {
          break;
        }
        enableCondstore(ctx);
      }
    }
    ctx.commandError(error);
    return;
  }
  if (request->modseq) {
    enableCondstore(ctx);
  }
  announceKeywords(ctx);
  if (failsOnRecreatedSelection(ctx, *request, *uids)) {
    return;
  }
  MessageAccess access(session);
  if (!access.valid()) {
    ctx.ok("Fetch completed.");
    return;
  }
  if (request->vanished) {
    sendVanishedEarlier(ctx, ctx.args[0].value, *request->changedSince);
  }
  const bool markSeen = request->updateSeen && !view->readOnly();
  std::vector<std::uint32_t> toMark;
  for (std::uint32_t u : *uids) {
    const StoredMessage* stored = access.message(u);
    if (stored != nullptr && markSeen && (stored->flags.system & kFlagSeen) == 0) {
      toMark.push_back(u);
    }
  }
  std::set<std::uint32_t> seenChanged;
  if (!toMark.empty()) {
    MessageFlags seen;
    seen.system = kFlagSeen;
    for (const auto& changed : session.store().storeFlags(session.user(), view->mailbox(), toMark, FlagOperation::kAdd,
                                                          seen)) {
      seenChanged.insert(changed.uid);
    }
    access.refresh();
  }
  bool expungedSkipped = false;
  const bool needsContent = needsParsedMessage(*request) || request->updateSeen;
  for (std::uint32_t u : *uids) {
    // A message another session expunged is still this session's until the EXPUNGE is sent:
    // its flags and UID come from the view (confirmed against Dovecot 2.3.19: plain OK);
    // its content is gone.
    const StoredMessage* stored = needsContent ? access.message(u) : access.searchable(u);
    if (stored == nullptr) {
      expungedSkipped = true;
      continue;
    }
    if (request->changedSince && stored->modseq <= *request->changedSince) {
      continue;
    }
    FetchMessage message;
    message.sequence = access.sequence(u);
    message.stored = stored;
    message.parsed = needsParsedMessage(*request) ? &access.parsed(*stored) : nullptr;
    message.flags = access.fetchFlags(*stored);
    message.recent = access.recent(u);
    message.seenChanged = seenChanged.count(u) != 0;
    ctx.untagged(renderFetch(*request, message));
  }
  // The \Seen changes were shown in the FETCH lines: the view takes them silently.
  syncFlagChanges(ctx, uid, false, seenChanged, false);
  ctx.ok(expungedSkipped ? "[EXPUNGEISSUED] Some messages were already expunged." : "Fetch completed.");
}

}  // namespace

void cmdFetch(CommandContext& ctx) { fetch(ctx, false); }

void cmdUidFetch(CommandContext& ctx) { fetch(ctx, true); }

}  // namespace oxh::dovecot::imap
