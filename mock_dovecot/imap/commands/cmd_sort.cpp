// SORT and UID SORT (RFC 5256 section 3, RFC 5957 DISPLAYFROM/DISPLAYTO) as
// core:src/imap/cmd-sort.c reads them: duplicate keys are dropped, REVERSE applies to the next
// key; the order comes from thread::sort() over the messages the program matches. ESORT (RFC
// 5267): RETURN (...) as for SEARCH (imap/search_return.hpp), over the messages in sort order.
#include <stdexcept>

#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/recreated_selection.hpp"
#include "mock_dovecot/imap/search_run.hpp"
#include "mock_dovecot/imap/thread_keys.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr std::string_view kSortKeys[] = {"ARRIVAL", "CC",    "DATE",        "FROM",     "SIZE",     "SUBJECT",
                                          "TO",      "X-SCORE", "RELEVANCY", "DISPLAYFROM", "DISPLAYTO"};

// get_sort_program; answers errors itself.
std::optional<std::vector<std::string>> sortProgram(CommandContext& ctx, const ImapArg& list) {
  if (list.list.empty()) {
    ctx.commandError("Empty sort program.");
    return std::nullopt;
  }
  std::vector<std::string> program;
  std::vector<std::string> seen;
  bool reverse = false;
  bool lastReverse = false;
  std::size_t i = 0;
  for (; i < list.list.size(); ++i) {
    const auto word = list.list[i].astring();
    if (!word) {
      break;
    }
    const std::string key = toUpper(*word);
    lastReverse = key == "REVERSE";
    if (lastReverse) {
      reverse = !reverse;
      continue;
    }
    if (std::find(std::begin(kSortKeys), std::end(kSortKeys), key) == std::end(kSortKeys)) {
      ctx.commandError("Unknown sort argument: " + *word);
      return std::nullopt;
    }
    const std::string canonical = key == "X-SCORE" ? "RELEVANCY" : key;
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) {
      continue;
    }
    seen.push_back(canonical);
    if (reverse) {
      program.emplace_back("REVERSE");
    }
    program.push_back(canonical);
    reverse = false;
  }
  if (lastReverse) {
    ctx.commandError("Sort list ends with REVERSE.");
    return std::nullopt;
  }
  if (i != list.list.size()) {
    ctx.commandError("Invalid sort list argument.");
    return std::nullopt;
  }
  return program;
}

void sortCommand(CommandContext& ctx, bool uid) {
  std::size_t pos = 0;
  const auto options = parseSearchReturn(ctx, pos, ctx.session.selected()->searchUpdates().tags());
  if (!options) {
    return;
  }
  if (pos >= ctx.args.size() || !ctx.args[pos].isList()) {
    ctx.commandError("Invalid sort argument.");
    return;
  }
  const auto program = sortProgram(ctx, ctx.args[pos]);
  if (!program) {
    return;
  }
  ++pos;
  const auto charset = pos < ctx.args.size() ? ctx.args[pos].astring() : std::nullopt;
  if (!charset) {
    ctx.commandError("Invalid charset argument.");
    return;
  }
  const auto search = searchProgramArgument(ctx, pos + 1, *charset, options->has(kReturnSave));
  if (!search) {
    return;
  }
  // (Dovecot 2.3.19 sends "* SORT ..." before this NO for SORT (ARRIVAL); not modelled.)
  if (refuseOnRecreatedSelection(ctx)) {
    return;
  }
  MessageAccess access(ctx.session);
  const auto uids = runSearch(*search, access);
  std::vector<std::uint32_t> order;  // UIDs in sort order
  try {
    order = thread::sort(*program, threadKeys(access, uids, true));
  } catch (const std::invalid_argument&) {
    // RELEVANCY needs full-text search scores; without an FTS plugin every score is equal.
    std::vector<std::string> rest;
    for (const auto& key : *program) {
      if (key != "RELEVANCY") {
        rest.push_back(key);
      }
    }
    order = thread::sort(rest.empty() ? std::vector<std::string>{"ARRIVAL"} : rest, threadKeys(access, uids, true));
  }
  answerSearch(ctx, *options, *search, order, access, uid, true);
  ctx.ok("Sort completed.");
}

}  // namespace

void cmdSort(CommandContext& ctx) { sortCommand(ctx, false); }

void cmdUidSort(CommandContext& ctx) { sortCommand(ctx, true); }

}  // namespace oxh::dovecot::imap
