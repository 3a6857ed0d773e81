// NAMESPACE (RFC 2342): one personal namespace, prefix "", separator "/" (confirmed against
// Dovecot 2.3.19 with the reference configuration).
#include "mock_dovecot/imap/commands/commands.hpp"

namespace oxh::dovecot::imap {

void cmdNamespace(CommandContext& ctx) {
  ctx.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
  ctx.ok("Namespace completed.");
}

}  // namespace oxh::dovecot::imap
