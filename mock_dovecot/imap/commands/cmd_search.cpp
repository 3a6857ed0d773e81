// SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8) with the RETURN options of ESEARCH
// (RFC 4731), SEARCHRES (RFC 5182) and CONTEXT=SEARCH (RFC 5267; imap/search_return.hpp) and
// CONDSTORE's MODSEQ key (RFC 7162 section 3.1.5), as core:src/imap/cmd-search.c and
// imap-search.c answer.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"
#include "mock_dovecot/imap/search_run.hpp"

namespace oxh::dovecot::imap {

namespace {

void search(CommandContext& ctx, bool uid) {
  ImapSession& session = ctx.session;
  std::size_t pos = 0;
  const auto options = parseSearchReturn(ctx, pos, session.selected()->searchUpdates().tags());
  if (!options) {
    return;
  }
  std::string charset = "UTF-8";
  if (pos < ctx.args.size() && ctx.args[pos].isAtom("CHARSET")) {
    const auto value = pos + 1 < ctx.args.size() ? ctx.args[pos + 1].astring() : std::nullopt;
    if (!value) {
      ctx.commandError("Invalid charset argument.");
      return;
    }
    charset = *value;
    pos += 2;
  }
  const auto program = searchProgramArgument(ctx, pos, charset, options->has(kReturnSave));
  if (!program) {
    return;
  }
  if (searchNeedsMailboxData(program->root) && refuseOnRecreatedSelection(ctx)) {
    return;
  }
  MessageAccess access(session);
  answerSearch(ctx, *options, *program, runSearch(*program, access), access, uid, false);
  ctx.ok("Search completed.");
}

}  // namespace

void cmdSearch(CommandContext& ctx) { search(ctx, false); }

void cmdUidSearch(CommandContext& ctx) { search(ctx, true); }

}  // namespace oxh::dovecot::imap
