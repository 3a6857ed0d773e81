// IDLE (RFC 2177). Dovecot (cmd-idle.c; captures/imap-idle.txt): "+ idling", changes to the
// selected mailbox pushed while idling, DONE case-insensitive, anything else "BAD Expected DONE.".
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdIdle(CommandContext& ctx) {
  ctx.session.writeLine("+ idling");
  ctx.session.sync(SyncMode::kFull);  // anything pending is sent at once
  ctx.session.setIdling(true);
  ctx.defer();
  if (ctx.session.dropIfIdling()) {
    return;  // an armed drop_idle fault: the connection ends after "+ idling"
  }
  ctx.session.awaitLine([](ImapSession& session, const std::string& line) {
    session.setIdling(false);
    if (iequals(line, "DONE")) {
      session.finishDeferred("OK Idle completed.", true);
    } else {
      session.finishDeferred("BAD Expected DONE.", false);
    }
  });
}

}  // namespace oxh::dovecot::imap
