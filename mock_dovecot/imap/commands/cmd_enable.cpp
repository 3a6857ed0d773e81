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
    // at all (confirmed against Dovecot 2.3.19).
    if ((capability == "CONDSTORE" || capability == "QRESYNC") && ctx.session.enabled().count(capability) == 0) {
      ctx.session.enable(capability);
      newly += " " + capability;
    }
  }
  if (!newly.empty()) {
    ctx.untagged("ENABLED" + newly);
  }
  ctx.ok("Enabled.");
}

}  // namespace oxh::dovecot::imap
