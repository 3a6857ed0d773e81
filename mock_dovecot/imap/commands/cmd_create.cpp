// CREATE (RFC 3501 section 6.3.3).
#include "common/codec/mutf7.hpp"
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void cmdCreate(CommandContext& ctx) {
  const auto strings = ctx.stringArgs(1);
  if (!strings) {
    return;
  }
  const auto name = std::optional<std::string>((*strings)[0]);
  if (!codec::decodeMutf7(*name)) {
    // Confirmed against Dovecot 2.3.19 (no UTF8=ACCEPT): raw UTF-8, a bare "&", or printable
    // ASCII in a "&...-" run all get this.
    ctx.no("Mailbox name is not valid mUTF-7");
    return;
  }
  switch (ctx.session.store().createMailbox(ctx.session.user(), *name)) {
    case StoreError::kNone:
      ctx.ok("Create completed.");
      return;
    case StoreError::kAlreadyExists:
      ctx.no("[ALREADYEXISTS] Mailbox already exists");  // confirmed against Dovecot 2.3.19
      return;
    default:
      ctx.no("Invalid mailbox name");
      return;
  }
}

}  // namespace oxh::dovecot::imap
