#include "mock_dovecot/imap/search_run.hpp"

#include <algorithm>
#include <chrono>

#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/search_updates.hpp"

namespace oxh::dovecot::imap {

namespace {

void collectKeywords(const SearchKey& key, std::vector<std::string>& out) {
  if (key.type == SearchKeyType::kKeyword) {
    out.push_back(key.value);
  }
  for (const auto& child : key.children) {
    collectKeywords(child, out);
  }
}

void resolveSavedResult(SearchKey& key, const std::optional<std::vector<std::uint32_t>>& saved) {
  if (key.type == SearchKeyType::kUidSet && key.value == "$") {
    key.set.clear();
    for (std::uint32_t uid : saved.value_or(std::vector<std::uint32_t>{})) {
      if (!key.set.empty() && key.set.back().last + 1 == uid) {
        key.set.back().last = uid;
      } else {
        key.set.push_back(SeqRange{uid, uid});
      }
    }
  }
  for (auto& child : key.children) {
    resolveSavedResult(child, saved);
  }
}

// imap_search_args_check's have_seqsets, after mail_search_args_init turned UID sets (except
// "$") into sequence sets.
bool hasMessageSet(const SearchKey& key) {
  if (key.type == SearchKeyType::kSequenceSet || (key.type == SearchKeyType::kUidSet && key.value != "$")) {
    return true;
  }
  return std::any_of(key.children.begin(), key.children.end(),
                     [](const SearchKey& child) { return hasMessageSet(child); });
}

}  // namespace

std::optional<SearchProgram> searchProgramArgument(CommandContext& ctx, std::size_t start, const std::string& charset,
                                                   bool save) {
  SelectedView* view = ctx.session.selected();
  if (start >= ctx.args.size()) {
    ctx.commandError("Missing search parameters");
    return std::nullopt;
  }
  // The fake compares UTF-8 text; these are the charsets it can take search strings in.
  if (!iequals(charset, "UTF-8") && !iequals(charset, "US-ASCII") && !iequals(charset, "UTF8")) {
    if (save && view != nullptr) {
      view->saveResult({});  // confirmed against Dovecot 2.3.19: "$" is empty afterwards
    }
    ctx.no("[BADCHARSET] Unknown charset");
    return std::nullopt;
  }
  SearchParseError error;
  auto program = parseSearchProgram(ctx.args, start, error);
  if (!program) {
    ctx.commandError(error.text);
    return std::nullopt;
  }
  if (view != nullptr) {
    resolveSavedResult(program->root, view->savedResult());
    if (save) {
      view->saveResult({});
    }
  }
  if (program->hasModseq) {
    enableCondstore(ctx);
  }
  // SEARCH KEYWORD creates the keyword in this session's view of the mailbox
  // (mailbox_keywords_create_valid), so the sync point announces a new FLAGS list; other
  // sessions never see it; a later SELECT on this connection does (confirmed against Dovecot
  // 2.3.19; ImapSession::rememberedKeywords).
  std::vector<std::string> keywords;
  collectKeywords(program->root, keywords);
  if (!keywords.empty() && ctx.session.selected() != nullptr) {
    ctx.session.selected()->addSessionKeywords(keywords);
  }
  return program;
}

std::vector<std::uint32_t> runSearch(const SearchProgram& program, MessageAccess& access) {
  std::vector<std::uint32_t> out;
  if (!access.valid()) {
    return out;
  }
  const auto uids = access.visibleUids();
  const bool needParsed = searchNeedsParsed(program.root);
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  for (std::uint32_t uid : uids) {
    const StoredMessage* message = access.searchableAsViewed(uid);
    SearchSubject subject;
    subject.message = message;
    subject.sequence = access.sequence(uid);
    subject.exists = uids.size();
    subject.lastUid = uids.empty() ? 0 : uids.back();
    subject.recent = access.recent(uid);
    subject.now = now;
    subject.parsed = needParsed ? &access.parsed(*message) : nullptr;
    if (searchMatches(program.root, subject)) {
      out.push_back(uid);
    }
  }
  return out;
}

void answerSearch(CommandContext& ctx, SearchReturn options, const SearchProgram& program,
                  const std::vector<std::uint32_t>& orderedUids, MessageAccess& access, bool uid, bool sorting) {
  SelectedView* view = ctx.session.selected();
  if (program.hasModseq) {
    options.options |= kReturnModseq;
  }
  if (options.has(kReturnUpdate) && view != nullptr && view->searchUpdates().size() >= kMaxSearchUpdates) {
    ctx.untagged("NO [NOUPDATE " + imap::quoted(ctx.tag) + "]");
    options.options &= ~static_cast<unsigned>(kReturnUpdate);
  }
  std::vector<SearchHit> hits;
  hits.reserve(orderedUids.size());
  for (std::uint32_t u : orderedUids) {
    const StoredMessage* message = access.searchable(u);
    hits.push_back(SearchHit{u, static_cast<std::uint32_t>(access.sequence(u)), message ? message->modseq : 0});
  }
  const SearchAnswer answer = searchAnswer(options, hits, ctx.tag, uid, sorting);
  if (view != nullptr && options.has(kReturnSave)) {
    view->saveResult(answer.saved);
  }
  if (view != nullptr && options.has(kReturnUpdate)) {
    SearchUpdates::Update update;
    update.tag = ctx.tag;
    update.uid = uid;
    update.program = freezeSearchProgram(program, *view);
    update.result.insert(orderedUids.begin(), orderedUids.end());
    update.fetch = options.updateFetch;
    view->searchUpdates().add(std::move(update));
  }
  if (!answer.line.empty()) {
    ctx.untagged(answer.line);
  }
  // UID SEARCH/SORT with a sequence or UID set sends no EXPUNGE at its sync point (confirmed
  // against Dovecot 2.3.19: "UID SEARCH 1:2" and "UID SEARCH UID 1:*" after another session's
  // expunge answer with the expunged UID and without EXPUNGE; "UID SEARCH UID $" does not).
  if (hasMessageSet(program.root)) {
    ctx.syncWithoutExpunges();
  }
}

}  // namespace oxh::dovecot::imap
