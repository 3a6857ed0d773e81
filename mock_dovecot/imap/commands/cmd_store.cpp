// STORE and UID STORE (RFC 3501 sections 6.4.6 and 6.4.8), with RFC 7162 UNCHANGEDSINCE and
// [MODIFIED]. Parsing and texts follow core:src/imap/cmd-store.c. The untagged FETCH lines come
// from the sync point as in Dovecot: only messages whose flags really changed, "UID n" first
// for UID STORE, nothing for .SILENT unless CONDSTORE is on (then MODSEQ only)
// (confirmed against Dovecot 2.3.19).
#include <limits>

#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/message_access.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"

namespace oxh::dovecot::imap {

namespace {

struct StoreRequest {
  FlagOperation operation = FlagOperation::kReplace;
  bool silent = false;
  MessageFlags flags;
  std::optional<std::uint64_t> unchangedSince;
};

bool parseModifyType(std::string_view type, StoreRequest& request) {
  if (!type.empty() && (type.front() == '+' || type.front() == '-')) {
    request.operation = type.front() == '+' ? FlagOperation::kAdd : FlagOperation::kRemove;
    type.remove_prefix(1);
  }
  if (type.size() < 5 || !iequals(type.substr(0, 5), "FLAGS")) {
    return false;
  }
  request.silent = iequals(type.substr(5), ".SILENT");
  return request.silent || type.size() == 5;
}

std::optional<std::uint64_t> parseUint64(const std::string& text) {
  if (text.empty() || text.size() > 20) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      return std::nullopt;
    }
    value = value * 10 + digit;
  }
  return value;
}

// store_parse_args; answers the error itself and returns false.
bool parseStoreArgs(CommandContext& ctx, StoreRequest& request) {
  std::size_t i = 1;
  if (i < ctx.args.size() && ctx.args[i].isList()) {
    const auto& modifiers = ctx.args[i].list;
    for (std::size_t m = 0; m < modifiers.size(); m += 2) {
      if (!modifiers[m].isAtom() || m + 1 >= modifiers.size() || !modifiers[m + 1].isAtom()) {
        ctx.commandError("Invalid STORE modifiers.");
        return false;
      }
      if (!iequals(modifiers[m].value, "UNCHANGEDSINCE")) {
        ctx.commandError("Unknown STORE modifier");
        return false;
      }
      request.unchangedSince = parseUint64(modifiers[m + 1].value);
      if (!request.unchangedSince) {
        ctx.commandError("Invalid modseq");
        return false;
      }
      enableCondstore(ctx);
    }
    ++i;
  }
  const auto type = i < ctx.args.size() ? ctx.args[i].astring() : std::nullopt;
  if (!type || !parseModifyType(*type, request)) {
    ctx.commandError("Invalid arguments.");
    return false;
  }
  ++i;
  std::vector<const ImapArg*> flagArgs;
  if (i < ctx.args.size() && ctx.args[i].isList()) {
    for (const auto& flag : ctx.args[i].list) {
      flagArgs.push_back(&flag);
    }
  } else {
    for (; i < ctx.args.size(); ++i) {
      flagArgs.push_back(&ctx.args[i]);
    }
  }
  for (const ImapArg* flag : flagArgs) {
    if (!flag->isAtom()) {
      ctx.commandError("Flags list contains non-atoms.");
      return false;
    }
    std::string error;
    if (!parseFlag(flag->value, request.flags, error) || iequals(flag->value, "\\Recent")) {
      ctx.commandError(error.empty() ? "Invalid system flag \\RECENT" : error);
      return false;
    }
  }
  return true;
}

// Messages another session expunged that the view still shows take the change in the view
// (confirmed against Dovecot 2.3.19: "* 1 FETCH (FLAGS (\\Deleted \\Seen \\Recent))" and OK after the
// other session set \\Deleted and expunged; SelectedView::storeOnExpunged).
void storeOnExpungedMessages(ImapSession& session, const std::vector<std::uint32_t>& uids,
                             const StoreRequest& request) {
  SelectedView* view = session.selected();
  auto now = session.store().snapshot(session.user(), view->mailbox(), view->expungesPendingAfter());
  if (request.unchangedSince || !now || now->expunged.empty()) {
    return;
  }
  std::set<std::uint32_t> live;
  for (const auto& message : now->messages) {
    live.insert(message.uid);
  }
  for (std::uint32_t u : uids) {
    if (live.count(u) == 0) {
      view->storeOnExpunged(u, request.operation, request.flags, request.silent, *now);
    }
  }
}

void store(CommandContext& ctx, bool uid) {
  ImapSession& session = ctx.session;
  SelectedView* view = session.selected();
  if (ctx.args.empty() || !ctx.args[0].isAtom()) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  const auto uids = messageSetArgument(ctx, ctx.args[0].value, uid);
  if (!uids) {
    return;
  }
  StoreRequest request;
  if (!parseStoreArgs(ctx, request)) {
    return;
  }
  if (refuseOnRecreatedSelection(ctx)) {
    return;
  }
  if (view->readOnly()) {
    if (request.unchangedSince) {
      ctx.no("CONDSTORE failed: Mailbox is read-only.");
    } else {
      ctx.ok("Store ignored with read-only mailbox.");
    }
    return;
  }
  // RFC 7162 section 3.1.3: messages changed since UNCHANGEDSINCE are left alone and reported.
  std::vector<std::uint32_t> modified;
  if (request.unchangedSince) {
    MessageAccess access(session);
    for (std::uint32_t u : *uids) {
      const StoredMessage* message = access.message(u);
      if (message != nullptr && message->modseq > *request.unchangedSince) {
        modified.push_back(uid ? u : static_cast<std::uint32_t>(access.sequence(u)));
      }
    }
  }
  const auto changed = session.store().storeFlags(session.user(), view->mailbox(), *uids, request.operation,
                                                  request.flags, request.unchangedSince);
  std::set<std::uint32_t> hidden;
  if (request.silent) {
    for (const auto& message : changed) {
      hidden.insert(message.uid);
    }
  }
  storeOnExpungedMessages(session, *uids, request);
  const bool sendUid = uid && (!request.silent || session.condstore());
  syncFlagChanges(ctx, uid, sendUid, hidden, true);
  if (modified.empty()) {
    ctx.ok("Store completed.");
  } else {
    ctx.ok("[MODIFIED " + formatSequenceSet(modified) + "] Conditional store failed.");
  }
}

}  // namespace

void cmdStore(CommandContext& ctx) { store(ctx, false); }

void cmdUidStore(CommandContext& ctx) { store(ctx, true); }

}  // namespace oxh::dovecot::imap
