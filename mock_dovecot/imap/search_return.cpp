#include "mock_dovecot/imap/search_return.hpp"

#include <algorithm>

#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"

namespace oxh::dovecot::imap {

namespace {

// imap_partial_range_parse: "n:m", both non-zero, swapped when reversed; no "*".
bool parsePartial(const std::string& text, SearchReturn& out) {
  std::size_t i = 0;
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    first = first * 10U + static_cast<std::uint32_t>(text[i] - '0');
  }
  if (i >= text.size() || text[i] != ':' || first == 0) {
    return false;
  }
  for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    last = last * 10U + static_cast<std::uint32_t>(text[i] - '0');
  }
  if (i != text.size() || last == 0) {
    return false;
  }
  out.partialFirst = std::min(first, last);
  out.partialLast = std::max(first, last);
  return true;
}

// Ranges appended in result order, merged only with an ascending neighbour
// (search_add_result_id), so a sort order survives: "5,3:4,1:2" (confirmed against Dovecot
// 2.3.19: UID SORT RETURN (ALL) (SUBJECT)).
std::string appendOrderSet(const std::vector<std::uint32_t>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) {
      ++j;
    }
    if (!out.empty()) {
      out += ',';
    }
    out += std::to_string(ids[i]);
    if (j != i) {
      out += ':' + std::to_string(ids[j]);
    }
    i = j + 1;
  }
  return out;
}

}  // namespace

std::optional<SearchReturn> parseSearchReturn(CommandContext& ctx, std::size_t& pos,
                                              const std::vector<std::string>& updateTags) {
  SearchReturn out;
  if (pos + 1 >= ctx.args.size() || !ctx.args[pos].isAtom("RETURN") || !ctx.args[pos + 1].isList()) {
    return out;
  }
  out.options = 0;
  const auto& list = ctx.args[pos + 1].list;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].isAtom()) {
      ctx.commandError("SEARCH return options contain non-atoms.");
      return std::nullopt;
    }
    const std::string name = toUpper(list[i].value);
    if (name == "MIN") {
      out.options |= kReturnMin;
    } else if (name == "MAX") {
      out.options |= kReturnMax;
    } else if (name == "ALL") {
      out.options |= kReturnAll;
    } else if (name == "COUNT") {
      out.options |= kReturnCount;
    } else if (name == "SAVE") {
      out.options |= kReturnSave;
    } else if (name == "CONTEXT") {
      // RFC 5267 section 4.2: a hint; Dovecot ignores it.
    } else if (name == "UPDATE") {
      if (out.has(kReturnUpdate)) {
        ctx.commandError("SEARCH return options have duplicate UPDATE.");
        return std::nullopt;
      }
      out.options |= kReturnUpdate;
      // Dovecot's extension: UPDATE (fetch-att) sends a FETCH response for each new message an
      // update adds, before its ESEARCH line; "()" fetches nothing (confirmed against Dovecot
      // 2.3.19).
      if (i + 1 < list.size() && list[i + 1].isList()) {
        const ImapArg& atts = list[++i];
        if (std::any_of(atts.list.begin(), atts.list.end(), [](const ImapArg& att) { return att.isString(); })) {
          ctx.commandError("SEARCH UPDATE fetch-att: fetch-att list contains non-atoms.");
          return std::nullopt;
        }
        if (!atts.list.empty()) {
          ImapArgs fetchArgs(2);
          fetchArgs[0].value = "1";
          fetchArgs[1] = atts;
          std::string error;
          out.updateFetch = parseFetchRequest(fetchArgs, false, error);
          if (!out.updateFetch) {
            ctx.commandError("SEARCH UPDATE fetch-att: Invalid fetch-att list: " + error);
            return std::nullopt;
          }
        }
      }
    } else if (name == "RELEVANCY") {
      out.options |= kReturnRelevancy;
    } else if (name == "PARTIAL") {
      if (out.partialFirst != 0) {
        ctx.commandError("PARTIAL can be used only once.");
        return std::nullopt;
      }
      out.options |= kReturnPartial;
      if (i + 1 >= list.size() || !list[i + 1].isAtom()) {
        ctx.commandError("PARTIAL range missing.");
        return std::nullopt;
      }
      if (!parsePartial(list[++i].value, out)) {
        ctx.commandError("PARTIAL range broken.");
        return std::nullopt;
      }
    } else {
      ctx.commandError("Unknown SEARCH return option");
      return std::nullopt;
    }
  }
  if (out.has(kReturnUpdate) && std::find(updateTags.begin(), updateTags.end(), ctx.tag) != updateTags.end()) {
    ctx.commandError("Duplicate search update tag");
    return std::nullopt;
  }
  if (out.has(kReturnPartial) && out.has(kReturnAll)) {
    ctx.commandError("PARTIAL conflicts with ALL");
    return std::nullopt;
  }
  // RFC 4731 section 3.1: "RETURN ()" means RETURN (ALL).
  if (out.options == 0) {
    out.options = kReturnAll;
  }
  out.options |= kReturnEsearch;
  pos += 2;
  return out;
}

SearchAnswer searchAnswer(const SearchReturn& options, const std::vector<SearchHit>& hits, const std::string& tag,
                          bool uid, bool sorting) {
  // cmd_search_more: which hits go into the result and which are "seen" (SAVE, MODSEQ,
  // RELEVANCY). With MIN/MAX only, just the first and the last hit in result order are seen:
  // RFC 5182 section 2.4 (SAVE with MIN/MAX saves only those), and for SORT these are the
  // first and last in sort order, not the lowest and highest (confirmed against Dovecot
  // 2.3.19: SORT RETURN (MIN MAX) (SUBJECT) answers "MIN 5 MAX 2").
  SearchAnswer answer;
  std::vector<std::uint32_t> result;
  std::vector<std::uint32_t> saved;
  std::uint64_t highestModseq = 0;
  std::size_t seenCount = 0;
  std::uint32_t lastSeenSequence = 0;
  const SearchHit* minHit = nullptr;
  auto see = [&](const SearchHit& hit) {
    if (lastSeenSequence == hit.sequence) {
      return;
    }
    lastSeenSequence = hit.sequence;
    ++seenCount;
    if (options.has(kReturnModseq)) {
      highestModseq = std::max(highestModseq, hit.modseq);
    }
    if (options.has(kReturnSave)) {
      saved.push_back(hit.uid);
    }
  };
  std::uint32_t count = 0;
  for (const auto& hit : hits) {
    const std::uint32_t id = uid ? hit.uid : hit.sequence;
    ++count;
    if (options.has(kReturnMin) && minHit == nullptr) {
      minHit = &hit;
      see(hit);
    }
    if (options.has(kReturnAll)) {
      result.push_back(id);
    } else if (options.has(kReturnPartial)) {
      if (options.partialFirst <= count && count <= options.partialLast) {
        result.push_back(id);
      } else {
        // (SAVE COUNT PARTIAL n:m) saves every hit, but MODSEQ and RELEVANCY only see the range.
        if (options.has(kReturnCount) && options.has(kReturnSave)) {
          saved.push_back(hit.uid);
        }
        continue;
      }
    } else if (!options.has(kReturnCount) && (options.has(kReturnMin) || options.has(kReturnMax))) {
      continue;  // MAX is known only at the end
    }
    see(hit);
  }
  const SearchHit* maxHit = hits.empty() ? nullptr : &hits.back();
  if (options.has(kReturnMax) && maxHit != nullptr &&
      (options.options & (kReturnModseq | kReturnSave | kReturnRelevancy)) != 0) {
    see(*maxHit);
  }
  std::sort(saved.begin(), saved.end());
  saved.erase(std::unique(saved.begin(), saved.end()), saved.end());
  answer.saved = std::move(saved);

  if (!options.has(kReturnEsearch)) {
    std::string line = sorting ? "SORT" : "SEARCH";
    for (std::uint32_t id : result) {
      line += " " + std::to_string(id);
    }
    if (highestModseq != 0) {
      line += " (MODSEQ " + std::to_string(highestModseq) + ")";
    }
    answer.line = std::move(line);
    return answer;
  }
  if (options.options == (kReturnEsearch | kReturnSave)) {
    return answer;  // only saved: no ESEARCH (RFC 5182 section 2.1)
  }
  std::string line = "ESEARCH (TAG " + imap::quoted(tag) + ")";
  if (uid) {
    line += " UID";
  }
  if (options.has(kReturnMin) && minHit != nullptr) {
    line += " MIN " + std::to_string(uid ? minHit->uid : minHit->sequence);
  }
  if (options.has(kReturnMax) && maxHit != nullptr) {
    line += " MAX " + std::to_string(uid ? maxHit->uid : maxHit->sequence);
  }
  if (options.has(kReturnAll) && !result.empty()) {
    line += " ALL " + appendOrderSet(result);
  }
  if (options.has(kReturnRelevancy)) {
    // Scores map to 1..100; without FTS every score is equal and Dovecot prints 1.
    std::string scores;
    for (std::size_t i = 0; i < seenCount; ++i) {
      scores += i == 0 ? "1" : " 1";
    }
    line += " RELEVANCY (" + scores + ")";
  }
  if (options.has(kReturnPartial)) {
    line += " PARTIAL (" + std::to_string(options.partialFirst) + ":" + std::to_string(options.partialLast) + " " +
            (result.empty() ? std::string("NIL") : appendOrderSet(result)) + ")";
  }
  if (options.has(kReturnCount)) {
    line += " COUNT " + std::to_string(count);
  }
  if (highestModseq != 0) {
    line += " MODSEQ " + std::to_string(highestModseq);
  }
  answer.line = std::move(line);
  return answer;
}

}  // namespace oxh::dovecot::imap
