#include "mock_dovecot/imap/search_run.hpp"

#include <chrono>

#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

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

}  // namespace

std::optional<SearchProgram> searchProgramArgument(CommandContext& ctx, std::size_t start, const std::string& charset) {
  if (start >= ctx.args.size()) {
    ctx.commandError("Missing search parameters");
    return std::nullopt;
  }
  // The fake compares UTF-8 text; these are the charsets it can take search strings in.
  if (!iequals(charset, "UTF-8") && !iequals(charset, "US-ASCII") && !iequals(charset, "UTF8")) {
    ctx.no("[BADCHARSET] Unknown charset");
    return std::nullopt;
  }
  SearchParseError error;
  auto program = parseSearchProgram(ctx.args, start, error);
  if (!program) {
    ctx.commandError(error.text);
    return std::nullopt;
  }
  if (program->hasModseq) {
    enableCondstore(ctx);
  }
  // SEARCH KEYWORD creates the keyword in the mailbox (mailbox_keywords_create_valid), so the
  // sync point announces a new FLAGS list (confirmed against Dovecot 2.3.19).
  std::vector<std::string> keywords;
  collectKeywords(program->root, keywords);
  if (!keywords.empty() && ctx.session.selected() != nullptr) {
    ctx.session.store().addMailboxKeywords(ctx.session.user(), ctx.session.selected()->mailbox(), keywords);
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

}  // namespace oxh::dovecot::imap
