// LOGIN (RFC 3501 section 6.2.3).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdLogin(CommandContext& ctx) {
  std::optional<std::string> user;
  std::optional<std::string> password;
  if (ctx.args.size() == 2) {
    user = ctx.args[0].astring();
    password = ctx.args[1].astring();
  }
  if (!user || !password) {
    ctx.commandError("Invalid arguments.");  // imap-login: "Error in IMAP command received by server."
    return;
  }
  if (!ctx.session.store().authenticate(*user, *password)) {
    // Real Dovecot also waits auth_failure_delay (2 s) first; the fake answers at once.
    ctx.no("[AUTHENTICATIONFAILED] Authentication failed.");
    return;
  }
  ctx.session.loggedIn(ctx.tag, *user);
  ctx.markAnswered();
}

}  // namespace oxh::dovecot::imap
