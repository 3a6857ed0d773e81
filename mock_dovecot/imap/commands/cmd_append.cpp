// APPEND (RFC 3501 section 6.3.11) with UIDPLUS [APPENDUID] (RFC 4315) and MULTIAPPEND
// (RFC 3502). Mailbox, flags, date and size are checked before the literal is accepted, so a
// refused APPEND never reads the message (confirmed against Dovecot 2.3.19: no "+ OK" before
// "NO [TRYCREATE]", "BAD ... Invalid system flag \RECENT" or "NO Can't save a zero byte message").
// CATENATE (RFC 4469): a group "[flags] [date] CATENATE (TEXT literal / URL url ...)" is saved
// as the concatenation of its parts, mixed freely with plain groups in one MULTIAPPEND
// (confirmed against Dovecot 2.3.19, including an empty TEXT part saving a zero byte message,
// "BAD ... Empty CATENATE list." and the [BADURL] errors of imap/catenate_url.hpp; a missing
// target mailbox is "NO [TRYCREATE]" before any URL is looked at). Nothing is saved when a URL
// fails.
#include <chrono>

#include "mock_dovecot/imap/catenate_url.hpp"
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
  const ImapArg* catenate = nullptr;  // the CATENATE part list
};

// CATENATE's parts: "TEXT literal" and "URL astring" pairs.
std::optional<std::string> checkCatenateParts(const ImapArg& list) {
  if (list.list.empty()) {
    return std::string("Empty CATENATE list.");
  }
  for (std::size_t i = 0; i < list.list.size(); i += 2) {
    const ImapArg& kind = list.list[i];
    const bool complete = i + 1 < list.list.size();
    if (kind.isAtom("TEXT")) {
      if (complete && list.list[i + 1].type != ImapArg::Type::kLiteral) {
        return std::string("Invalid arguments.");
      }
    } else if (kind.isAtom("URL")) {
      if (complete && !list.list[i + 1].astring()) {
        return std::string("Invalid arguments.");
      }
    } else {
      return std::string("Invalid arguments.");
    }
  }
  return std::nullopt;
}

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
    if (i < args.size() && args[i].isAtom("CATENATE")) {
      if (i + 1 >= args.size() || !args[i + 1].isList()) {
        return std::string("Invalid arguments.");
      }
      if (auto error = checkCatenateParts(args[i + 1])) {
        return error;
      }
      group.catenate = &args[i + 1];
      i += 2;
      groups.push_back(group);
      continue;
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
  const bool inCatenate = !groups.empty() && groups.back().catenate != nullptr;
  if (request.size == 0 && !inCatenate) {
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
  if (groups.empty() || (groups.back().message == nullptr && groups.back().catenate == nullptr)) {
    ctx.commandError("Missing message size.");
    return;
  }
  for (const auto& group : groups) {
    if (group.catenate != nullptr && group.catenate->list.size() % 2 != 0) {
      ctx.commandError("Invalid arguments.");
      return;
    }
  }
  ImapSession& session = ctx.session;
  if (!session.store().findMailbox(session.user(), *mailbox)) {
    ctx.no("[TRYCREATE] Mailbox doesn't exist: " + *mailbox);
    return;
  }
  std::vector<std::string> contents;
  for (const auto& group : groups) {
    if (group.catenate == nullptr) {
      contents.push_back(group.message->value);
      continue;
    }
    std::string content;
    const auto& parts = group.catenate->list;
    for (std::size_t i = 0; i + 1 < parts.size(); i += 2) {
      if (parts[i].isAtom("TEXT")) {
        content += parts[i + 1].value;
        continue;
      }
      const std::string url = *parts[i + 1].astring();
      CatenateUrl resolved = resolveCatenateUrl(session.store(), session.user(), url);
      if (!resolved.bytes) {
        ctx.no("[BADURL " + url + "] " + resolved.error);
        return;
      }
      content += *resolved.bytes;
    }
    contents.push_back(std::move(content));
  }
  std::uint32_t uidValidity = 0;
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  const SelectedView* view = session.selected();
  const bool ownRecent =
      view != nullptr && !view->readOnly() && session.store().findMailbox(session.user(), *mailbox) == view->mailbox();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& group = groups[g];
    auto result = session.store().append(session.user(), *mailbox, std::move(contents[g]), group.flags,
                                         group.date.value_or(now()), ownRecent);
    if (!result) {
      ctx.no("[TRYCREATE] Mailbox doesn't exist: " + *mailbox);
      return;
    }
    if (ownRecent) {
      session.claimAppended(result->uid);
    }
    uidValidity = result->uidValidity;
    first = first == 0 ? result->uid : first;
    last = result->uid;
  }
  const std::string uids = first == last ? std::to_string(first) : std::to_string(first) + ":" + std::to_string(last);
  ctx.ok("[APPENDUID " + std::to_string(uidValidity) + " " + uids + "] Append completed.");
}

}  // namespace oxh::dovecot::imap
