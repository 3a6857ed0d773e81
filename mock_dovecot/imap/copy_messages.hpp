#pragma once
// COPY and MOVE share one implementation (core:src/imap/cmd-copy.c cmd_copy_full): RFC 3501
// section 6.4.7, RFC 6851 MOVE, RFC 4315 [COPYUID].
// Thread: the session's.
namespace oxh::dovecot::imap {

class CommandContext;

void copyOrMove(CommandContext& ctx, bool uid, bool move);

}  // namespace oxh::dovecot::imap
