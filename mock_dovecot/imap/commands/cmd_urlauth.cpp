// URLFETCH, GENURLAUTH and RESETKEY (RFC 4467). Dovecot 2.3 answers them only when
// imap_urlauth_host is set; without it (its default, and the fake's profile, which does not
// advertise URLAUTH) each command fails before reading its arguments with
// "BAD Error in IMAP command <NAME>: URLAUTH disabled." (confirmed against Dovecot 2.3.19,
// with and without arguments), counted as an invalid command like any command error.
// Thread: the session's.
#include "mock_dovecot/imap/commands/commands.hpp"

namespace oxh::dovecot::imap {

namespace {

void urlauthDisabled(CommandContext& ctx) {
  ctx.commandError("URLAUTH disabled.");
}

}  // namespace

void cmdUrlfetch(CommandContext& ctx) {
  urlauthDisabled(ctx);
}

void cmdGenurlauth(CommandContext& ctx) {
  urlauthDisabled(ctx);
}

void cmdResetkey(CommandContext& ctx) {
  urlauthDisabled(ctx);
}

}  // namespace oxh::dovecot::imap
