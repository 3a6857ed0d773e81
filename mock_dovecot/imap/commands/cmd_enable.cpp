// ENABLE (RFC 5161).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdEnable(CommandContext& ctx) {
  if (ctx.session.state() == SessionState::kNotAuthenticated) {
    // imap-login-client.c cmd_enable (confirmed against Dovecot 2.3.19).
    ctx.raw("* ENABLED\r\n");
    ctx.ok("ENABLE ignored in non-authenticated state.");
    return;
  }
  if (ctx.args.empty()) {
    ctx.commandError("Missing capabilities.");
    return;
  }
  std::string newly;
  for (const auto& arg : ctx.args) {
    if (!arg.isAtom()) {
      ctx.commandError("Invalid arguments.");
      return;
    }
    const std::string capability = toUpper(arg.value);
    // Unknown capabilities are ignored silently: "ENABLE FOO" gives no untagged ENABLED
    // at all; a known one is listed even when it was enabled already, explicitly or by a
    // CONDSTORE command such as FETCH MODSEQ (confirmed against Dovecot 2.3.19).
    if (capability == "CONDSTORE" || capability == "QRESYNC") {
      const bool hadCondstore = ctx.session.condstore();
      ctx.session.enable(capability);
      newly += " " + capability;
      // Turning CONDSTORE on (QRESYNC implies it) with a mailbox selected announces its
      // HIGHESTMODSEQ before the ENABLED line (confirmed against Dovecot 2.3.19).
      if (!hadCondstore && ctx.session.selected() != nullptr) {
        if (auto snapshot = ctx.session.store().snapshot(ctx.session.user(), ctx.session.selected()->mailbox())) {
          ctx.untagged("OK [HIGHESTMODSEQ " + std::to_string(snapshot->highestModseq) + "] Highest");
          ctx.session.syncLastFullModseq = snapshot->highestModseq;
        }
      }
    }
  }
  if (!newly.empty()) {
    ctx.untagged("ENABLED" + newly);
  }
  ctx.ok("Enabled.");
}

}  // namespace oxh::dovecot::imap
