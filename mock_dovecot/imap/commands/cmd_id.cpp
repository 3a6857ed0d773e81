// ID (RFC 2971). Dovecot answers only its name by default (imap_id_send = name; confirmed
// against Dovecot 2.3.19, before and after login).
#include "mock_dovecot/imap/commands/commands.hpp"

namespace oxh::dovecot::imap {

void cmdId(CommandContext& ctx) {
  if (ctx.args.size() != 1 || !(ctx.args[0].isNil() || ctx.args[0].isList())) {
    ctx.commandError("Invalid parameters.");
    return;
  }
  ctx.untagged("ID (\"name\" \"Dovecot\")");
  ctx.ok("ID completed.");
}

}  // namespace oxh::dovecot::imap
