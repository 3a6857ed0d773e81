// GETMETADATA (RFC 5464 section 4.2) as Dovecot 2.3 answers it (core:src/imap/cmd-getmetadata.c;
// captures/imap-metadata*.txt): values always as literals, NIL only at DEPTH 0, MAXSIZE
// omissions reported as [METADATA LONGENTRIES n] with the largest omitted size, mailbox
// wildcards (an early draft's feature) giving one METADATA line per mailbox.
#include <algorithm>

#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/mailbox_pattern.hpp"
#include "mock_dovecot/imap/metadata_access.hpp"

namespace oxh::dovecot::imap {

namespace {

struct Options {
  std::uint64_t maxSize = UINT32_MAX;
  unsigned depth = 0;  // UINT32_MAX = infinity
};

struct Outcome {
  std::uint64_t largestOmitted = 0;
  std::vector<std::string> errors;  // all but the last become "* NO", the last the tagged NO
};

// One mailbox (or the server): "* METADATA <box> (...)" when anything is to be said.
void answerMailbox(CommandContext& ctx, const std::string& mailbox, const std::vector<std::string>& entries,
                   const Options& options, Outcome& outcome) {
  MetadataTransaction transaction(ctx.session.store(), ctx.session.user(), mailbox,
                                  !ctx.session.options().metadataEnabled);
  std::string line;
  auto add = [&](const std::string& entry, const std::string& rendered) {
    line += (line.empty() ? "* METADATA " + (mailbox.empty() ? std::string("\"\"") : astring(mailbox)) + " ("
                          : std::string(" ")) +
            astring(entry) + " " + rendered;
  };
  auto sendEntry = [&](const std::string& entry, bool requireReply) {
    const auto value = transaction.get(entry);
    if (value.error) {
      // With DEPTH, NOTPOSSIBLE failures are skipped so the rest can be listed.
      if (!(value.notPossible && options.depth > 0)) {
        outcome.errors.push_back(*value.error);
      }
      return;
    }
    if (!value.value) {
      if (requireReply) {
        add(entry, "NIL");
      }
      return;
    }
    if (value.value->size() > options.maxSize) {
      outcome.largestOmitted = std::max<std::uint64_t>(outcome.largestOmitted, value.value->size());
      return;
    }
    add(entry, literal(*value.value));
  };
  for (const auto& entry : entries) {
    sendEntry(entry, options.depth == 0);
    if (options.depth == 0) {
      continue;
    }
    for (const auto& child : transaction.children(entry)) {
      if (options.depth == 1 && child.find('/') != std::string::npos) {
        continue;
      }
      sendEntry(entry + "/" + child, false);
    }
  }
  if (!line.empty()) {
    ctx.raw(line + ")\r\n");
  }
}

}  // namespace

void cmdGetmetadata(CommandContext& ctx) {
  Options options;
  std::size_t index = 0;
  if (!ctx.args.empty() && ctx.args[0].isList()) {
    const ImapArgs& list = ctx.args[0].list;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i].isAtom("MAXSIZE")) {
        const ImapArg* value = i + 1 < list.size() ? &list[++i] : nullptr;
        std::uint64_t parsed = 0;
        bool ok = value != nullptr && value->isAtom() && !value->value.empty() && value->value.size() <= 10 &&
                  std::all_of(value->value.begin(), value->value.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (ok) {
          parsed = std::stoull(value->value);
          ok = parsed <= UINT32_MAX;
        }
        if (!ok) {
          ctx.commandError("Invalid value for MAXSIZE option");
          return;
        }
        options.maxSize = parsed;
      } else if (list[i].isAtom("DEPTH")) {
        const ImapArg* value = i + 1 < list.size() ? &list[++i] : nullptr;
        // Compared with strcmp: "infinity" must be lower case (dovecot.md section 2.3).
        if (value != nullptr && value->isAtom() && value->value == "0") {
          options.depth = 0;
        } else if (value != nullptr && value->isAtom() && value->value == "1") {
          options.depth = 1;
        } else if (value != nullptr && value->isAtom() && value->value == "infinity") {
          options.depth = UINT32_MAX;
        } else {
          ctx.commandError("Invalid value for DEPTH option");
          return;
        }
      } else {
        ctx.commandError("Unknown option");
        return;
      }
    }
    index = 1;
  }
  const auto mailbox = index < ctx.args.size() ? ctx.args[index].astring() : std::nullopt;
  if (!mailbox || index + 1 >= ctx.args.size()) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  std::vector<std::string> entries;
  const ImapArg& entryArg = ctx.args[index + 1];
  if (entryArg.isList()) {
    for (const auto& entry : entryArg.list) {
      if (entry.isList()) {
        ctx.commandError("Entry isn't astring");
        return;
      }
      entries.push_back(entry.value);
    }
  } else if (index + 2 == ctx.args.size()) {
    entries.push_back(entryArg.value);
  } else {
    ctx.commandError("Invalid arguments.");
    return;
  }
  for (auto& entry : entries) {
    if (auto error = verifyEntryName(entry)) {
      ctx.commandError(*error);
      return;
    }
    entry = toLower(entry);
  }
  Outcome outcome;
  MailStore& store = ctx.session.store();
  if (mailbox->empty()) {
    answerMailbox(ctx, "", entries, options, outcome);
  } else if (mailbox->find_first_of("*%") == std::string::npos) {
    const auto canonical = store.findMailbox(ctx.session.user(), *mailbox);
    if (!canonical) {
      ctx.no("Mailbox doesn't exist: " + *mailbox);  // no [NONEXISTENT] (confirmed against Dovecot 2.3.19)
      return;
    }
    answerMailbox(ctx, *canonical, entries, options, outcome);
  } else {
    for (const auto& entry : store.listMailboxes(ctx.session.user())) {
      if (entry.exists && matchesPattern(entry.name, *mailbox)) {
        answerMailbox(ctx, entry.name, entries, options, outcome);
      }
    }
  }
  for (std::size_t i = 0; i + 1 < outcome.errors.size(); ++i) {
    ctx.untagged("NO " + outcome.errors[i]);
  }
  if (!outcome.errors.empty()) {
    ctx.no(outcome.errors.back());
  } else if (outcome.largestOmitted != 0) {
    ctx.ok("[METADATA LONGENTRIES " + std::to_string(outcome.largestOmitted) + "] Getmetadata completed.");
  } else {
    ctx.ok("Getmetadata completed.");
  }
}

}  // namespace oxh::dovecot::imap
