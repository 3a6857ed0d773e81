// SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8) with ESEARCH return options
// (RFC 4731: MIN MAX COUNT ALL) and CONDSTORE's MODSEQ key (RFC 7162 section 3.1.5), as
// core:src/imap/cmd-search.c and imap-search.c answer.
#include <algorithm>

#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/search_run.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"

namespace oxh::dovecot::imap {

namespace {

enum ReturnOption : unsigned {
  kReturnMin = 1U << 0U,
  kReturnMax = 1U << 1U,
  kReturnAll = 1U << 2U,
  kReturnCount = 1U << 3U,
  kReturnSave = 1U << 4U,
};

// search_parse_return_options; answers errors itself.
bool parseReturn(CommandContext& ctx, const ImapArg& list, unsigned& options) {
  for (const auto& option : list.list) {
    if (!option.isAtom()) {
      ctx.commandError("SEARCH return options contain non-atoms.");
      return false;
    }
    const std::string name = toUpper(option.value);
    if (name == "MIN") {
      options |= kReturnMin;
    } else if (name == "MAX") {
      options |= kReturnMax;
    } else if (name == "ALL") {
      options |= kReturnAll;
    } else if (name == "COUNT") {
      options |= kReturnCount;
    } else if (name == "SAVE") {
      options |= kReturnSave;
    } else if (name != "CONTEXT") {
      ctx.commandError("Unknown SEARCH return option");
      return false;
    }
  }
  // RFC 4731 section 3.1: "RETURN ()" means RETURN (ALL).
  if (options == 0) {
    options = kReturnAll;
  }
  return true;
}

void search(CommandContext& ctx, bool uid) {
  ImapSession& session = ctx.session;
  std::size_t pos = 0;
  std::optional<unsigned> esearch;
  if (ctx.args.size() >= 2 && ctx.args[0].isAtom("RETURN") && ctx.args[1].isList()) {
    unsigned options = 0;
    if (!parseReturn(ctx, ctx.args[1], options)) {
      return;
    }
    esearch = options;
    pos = 2;
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
  const auto program = searchProgramArgument(ctx, pos, charset);
  if (!program) {
    return;
  }
  MessageAccess access(session);
  const auto uids = runSearch(*program, access);
  std::vector<std::uint32_t> ids;
  std::uint64_t highestModseq = 0;
  for (std::uint32_t u : uids) {
    ids.push_back(uid ? u : static_cast<std::uint32_t>(access.sequence(u)));
    if (program->hasModseq) {
      highestModseq = std::max(highestModseq, access.searchable(u)->modseq);
    }
  }
  if (!esearch) {
    std::string line = "SEARCH";
    for (std::uint32_t id : ids) {
      line += " " + std::to_string(id);
    }
    if (highestModseq != 0) {
      line += " (MODSEQ " + std::to_string(highestModseq) + ")";
    }
    ctx.untagged(line);
  } else if (*esearch != kReturnSave) {
    std::string line = "ESEARCH (TAG " + imap::quoted(ctx.tag) + ")";
    if (uid) {
      line += " UID";
    }
    if ((*esearch & kReturnMin) != 0 && !ids.empty()) {
      line += " MIN " + std::to_string(ids.front());
    }
    if ((*esearch & kReturnMax) != 0 && !ids.empty()) {
      line += " MAX " + std::to_string(ids.back());
    }
    if ((*esearch & kReturnAll) != 0 && !ids.empty()) {
      line += " ALL " + formatSequenceSet(ids);
    }
    if ((*esearch & kReturnCount) != 0) {
      line += " COUNT " + std::to_string(ids.size());
    }
    if (highestModseq != 0) {
      line += " MODSEQ " + std::to_string(highestModseq);
    }
    ctx.untagged(line);
  }
  ctx.ok("Search completed.");
}

}  // namespace

void cmdSearch(CommandContext& ctx) { search(ctx, false); }

void cmdUidSearch(CommandContext& ctx) { search(ctx, true); }

}  // namespace oxh::dovecot::imap
