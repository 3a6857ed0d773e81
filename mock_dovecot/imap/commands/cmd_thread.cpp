// THREAD and UID THREAD (RFC 5256 section 3; Dovecot's REFS): "THREAD <algorithm> <charset>
// <search program>" as core:src/imap/cmd-thread.c reads it; the tree comes from
// thread::thread() over the messages the program matches.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"
#include "mock_dovecot/imap/search_run.hpp"
#include "mock_dovecot/imap/thread_keys.hpp"

namespace oxh::dovecot::imap {

namespace {

void threadCommand(CommandContext& ctx, bool uid) {
  const auto algorithmName = ctx.args.size() >= 1 ? ctx.args[0].astring() : std::nullopt;
  const auto charset = ctx.args.size() >= 2 ? ctx.args[1].astring() : std::nullopt;
  if (!algorithmName || !charset) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  thread::Algorithm algorithm = thread::Algorithm::References;
  if (iequals(*algorithmName, "REFERENCES")) {
    algorithm = thread::Algorithm::References;
  } else if (iequals(*algorithmName, "REFS")) {
    algorithm = thread::Algorithm::Refs;
  } else if (iequals(*algorithmName, "ORDEREDSUBJECT")) {
    algorithm = thread::Algorithm::OrderedSubject;
  } else {
    ctx.commandError("Unknown thread algorithm.");
    return;
  }
  if (threadAlgorithmRemoved(ctx.session.profile(), toUpper(*algorithmName))) {
    ctx.commandError("Unknown thread algorithm.");  // a capability toggle took it away
    return;
  }
  const auto program = searchProgramArgument(ctx, 2, *charset);
  if (!program) {
    return;
  }
  if (refuseOnRecreatedSelection(ctx)) {
    return;
  }
  MessageAccess access(ctx.session);
  const auto uids = runSearch(*program, access);
  const std::string tree = thread::thread(algorithm, threadKeys(access, uids, uid));
  // No match still gives "* THREAD " with its space (confirmed against Dovecot 2.3.19).
  ctx.untagged("THREAD " + tree);
  ctx.ok("Thread completed.");
}

}  // namespace

void cmdThread(CommandContext& ctx) { threadCommand(ctx, false); }

void cmdUidThread(CommandContext& ctx) { threadCommand(ctx, true); }

}  // namespace oxh::dovecot::imap
