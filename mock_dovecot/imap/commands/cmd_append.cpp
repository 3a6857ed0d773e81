// APPEND (RFC 3501 section 6.3.11) with UIDPLUS [APPENDUID] (RFC 4315) and MULTIAPPEND
// (RFC 3502). Mailbox, flags, date and size are checked before the literal is accepted, so a
// refused APPEND never reads the message (confirmed against Dovecot 2.3.19: no "+ OK" before
// "NO [TRYCREATE]", "BAD ... Invalid system flag \RECENT" or "NO Can't save a zero byte message").
#include <chrono>

#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_date.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

namespace {

struct AppendGroup {
  MessageFlags flags;
  std::optional<std::int64_t> date;
  const ImapArg* message = nullptr;
};

// Parses "[flags] [date] literal" groups from args[1..]; the last group may lack its literal
// (when called from the literal check). Returns Dovecot's error text on failure.
std::optional<std::string> parseGroups(const ImapArgs& args, std::vector<AppendGroup>& groups) {
  std::size_t i = 1;
  while (i < args.size()) {
    AppendGroup group;
    if (args[i].isList()) {
      for (const auto& flag : args[i].list) {
        std::string error;
        if (!flag.isAtom() || !parseFlag(flag.value, group.flags, error)) {
          return error.empty() ? std::string("Invalid flags") : error;
        }
        if (iequals(flag.value, "\\Recent")) {
          return std::string("Invalid system flag \\RECENT");
        }
      }
      ++i;
    }
    if (i < args.size() && args[i].type == ImapArg::Type::kQuoted) {
      group.date = parseImapDateTime(args[i].value);
      if (!group.date) {
        return std::string("Invalid internal date.");
      }
      ++i;
    }
    if (i < args.size()) {
      if (args[i].type != ImapArg::Type::kLiteral) {
        return std::string("Invalid arguments.");
      }
      group.message = &args[i];
      ++i;
    }
    groups.push_back(group);
  }
  return std::nullopt;
}

std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

LiteralVerdict appendLiteralCheck(ImapSession& session, const LiteralRequest& request) {
  const LiteralVerdict rejected{LiteralVerdict::Kind::kRejected, {}};
  const auto mailbox = request.argsSoFar.empty() ? std::nullopt : request.argsSoFar[0].astring();
  if (!mailbox) {
    session.commandError(request.tag, request.name, "Invalid arguments.");
    return rejected;
  }
  std::vector<AppendGroup> groups;
  if (auto error = parseGroups(request.argsSoFar, groups)) {
    session.commandError(request.tag, request.name, *error);
    return rejected;
  }
  if (!session.store().findMailbox(session.user(), *mailbox)) {
    session.replyTagged(request.tag, "NO [TRYCREATE] Mailbox doesn't exist: " + *mailbox);
    return rejected;
  }
  if (request.size == 0) {
    session.replyTagged(request.tag, "NO Can't save a zero byte message.");
    return rejected;
  }
  if (request.size > kMaxMessageLiteral) {
    session.replyTagged(request.tag, "NO [LIMIT] Mail too large");
    return rejected;
  }
  return {};
}

void cmdAppend(CommandContext& ctx) {
  const auto mailbox = ctx.args.empty() ? std::nullopt : ctx.args[0].astring();
  if (!mailbox) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  std::vector<AppendGroup> groups;
  if (auto error = parseGroups(ctx.args, groups)) {
    ctx.commandError(*error);
    return;
  }
  if (groups.empty() || groups.back().message == nullptr) {
    ctx.commandError("Missing message size.");
    return;
  }
  ImapSession& session = ctx.session;
  std::uint32_t uidValidity = 0;
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  for (const auto& group : groups) {
    auto result = session.store().append(session.user(), *mailbox, group.message->value, group.flags,
                                         group.date.value_or(now()));
    if (!result) {
      ctx.no("[TRYCREATE] Mailbox doesn't exist: " + *mailbox);
      return;
    }
    uidValidity = result->uidValidity;
    first = first == 0 ? result->uid : first;
    last = result->uid;
  }
  const std::string uids = first == last ? std::to_string(first) : std::to_string(first) + ":" + std::to_string(last);
  ctx.ok("[APPENDUID " + std::to_string(uidValidity) + " " + uids + "] Append completed.");
}

}  // namespace oxh::dovecot::imap
