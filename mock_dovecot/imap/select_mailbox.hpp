#pragma once
// SELECT and EXAMINE share everything but read-only-ness (Dovecot: cmd-select.c).
#include "mock_dovecot/imap/command_context.hpp"

namespace oxh::dovecot::imap {

void selectMailbox(CommandContext& ctx, bool readOnly);

}  // namespace oxh::dovecot::imap
