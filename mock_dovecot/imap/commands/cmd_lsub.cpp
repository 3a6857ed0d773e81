// LSUB (RFC 3501 section 6.3.9): subscribed mailboxes with their special-use attribute only
// (confirmed against Dovecot 2.3.19: "* LSUB (\Sent) "/" Sent").
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/mailbox_pattern.hpp"

namespace oxh::dovecot::imap {

void cmdLsub(CommandContext& ctx) {
  const auto reference = ctx.args.size() == 2 ? ctx.args[0].astring() : std::nullopt;
  const auto pattern = ctx.args.size() == 2 ? ctx.args[1].astring() : std::nullopt;
  if (!reference || !pattern) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  if (pattern->empty()) {
    ctx.untagged("LSUB () \"/\" \"\"");
    ctx.ok("Lsub completed.");
    return;
  }
  for (const auto& entry : ctx.session.store().listMailboxes(ctx.session.user())) {
    if (!entry.subscribed || !matchesPattern(entry.name, combinePattern(*reference, *pattern))) {
      continue;
    }
    ctx.untagged("LSUB (" + entry.specialUse + ") \"/\" " + astring(entry.name));
  }
  ctx.ok("Lsub completed.");
}

}  // namespace oxh::dovecot::imap
