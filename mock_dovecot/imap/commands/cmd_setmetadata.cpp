// SETMETADATA (RFC 5464 section 4.3) as Dovecot 2.3 answers it (core:src/imap/cmd-setmetadata.c;
// captures/imap-metadata*.txt). Values: quoted, literal, {n+}, ~{n}, NIL (delete) and, for
// Dovecot's backward compatibility, atoms. All entries are applied or none (Dovecot's
// transaction is rolled back on any failure).
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/metadata_access.hpp"

namespace oxh::dovecot::imap {

namespace {

// The first error in the (possibly partial) entry list, as Dovecot reports it.
std::optional<std::string> checkEntries(const ImapArgs& list, bool complete) {
  for (std::size_t i = 0; i < list.size(); i += 2) {
    if (list[i].isList()) {
      return std::string("Entry name isn't astring");
    }
    if (i + 1 >= list.size()) {
      if (complete) {
        return std::string("Entry value missing");
      }
      break;
    }
    if (list[i + 1].isList()) {
      return std::string("Entry value can't be a list");
    }
    if (auto error = verifyEntryName(list[i].value)) {
      return error;
    }
  }
  return std::nullopt;
}

}  // namespace

LiteralVerdict setmetadataLiteralCheck(ImapSession& session, const LiteralRequest& request) {
  const LiteralVerdict rejected{LiteralVerdict::Kind::kRejected, {}};
  const ImapArgs& args = request.argsSoFar;
  const auto mailbox = args.empty() ? std::nullopt : args[0].astring();
  if (!mailbox || args.size() != 2 || !args[1].isList()) {
    session.commandError(request.tag, request.name, "Invalid arguments.");
    return rejected;
  }
  // Dovecot opens the mailbox before it reads the first entry.
  if (!mailbox->empty() && !session.store().findMailbox(session.user(), *mailbox)) {
    session.replyTagged(request.tag, "NO Mailbox doesn't exist: " + *mailbox);
    return rejected;
  }
  const ImapArgs& list = args[1].list;
  if (auto error = checkEntries(list, false)) {
    session.commandError(request.tag, request.name, *error);
    return rejected;
  }
  if (list.size() % 2 == 1) {
    // The literal is a value: the entry name before it must be valid.
    if (auto error = verifyEntryName(list.back().value)) {
      session.commandError(request.tag, request.name, *error);
      return rejected;
    }
    if (request.size > kMaxMessageLiteral) {
      session.replyTagged(request.tag, "NO [LIMIT] Metadata value too large");
      return rejected;
    }
    return {};
  }
  if (request.lineBytes >= kMaxLineAfterLogin || request.size > kMaxLineAfterLogin - request.lineBytes) {
    return {LiteralVerdict::Kind::kFatal, "Literal size too large"};
  }
  return {};
}

void cmdSetmetadata(CommandContext& ctx) {
  const auto mailbox = ctx.args.empty() ? std::nullopt : ctx.args[0].astring();
  if (!mailbox || ctx.args.size() != 2 || !ctx.args[1].isList()) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  std::string target;
  if (!mailbox->empty()) {
    const auto canonical = ctx.session.store().findMailbox(ctx.session.user(), *mailbox);
    if (!canonical) {
      ctx.no("Mailbox doesn't exist: " + *mailbox);
      return;
    }
    target = *canonical;
  }
  const ImapArgs& list = ctx.args[1].list;
  if (auto error = checkEntries(list, true)) {
    ctx.commandError(*error);
    return;
  }
  MetadataTransaction transaction(ctx.session.store(), ctx.session.user(), target,
                                  !ctx.session.options().metadataEnabled);
  std::optional<std::string> lastError;
  for (std::size_t i = 0; i < list.size(); i += 2) {
    const ImapArg& value = list[i + 1];
    if (value.isString() && value.value.find('\0') != std::string::npos) {
      lastError = "[CANNOT] Attribute string value has NULs";
      continue;
    }
    if (auto error = transaction.checkSet(list[i].value)) {
      lastError = error;
    }
  }
  if (lastError) {
    ctx.no(*lastError);
    return;
  }
  for (std::size_t i = 0; i < list.size(); i += 2) {
    const ImapArg& value = list[i + 1];
    transaction.set(list[i].value, value.isNil() ? std::nullopt : std::optional<std::string>(value.value));
  }
  ctx.ok("Setmetadata completed.");
}

}  // namespace oxh::dovecot::imap
