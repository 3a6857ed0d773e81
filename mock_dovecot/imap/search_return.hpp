#pragma once
// The RETURN (...) options of SEARCH and SORT and the answer they ask for, as Dovecot 2.3.19's
// imap-search.c reads and answers them: ESEARCH (RFC 4731: MIN MAX ALL COUNT), SEARCHRES
// (RFC 5182: SAVE), CONTEXT=SEARCH (RFC 5267: UPDATE, PARTIAL, CONTEXT as a no-op), ESORT
// (RFC 5267: the same options on SORT, over the messages in sort order) and RELEVANCY
// (RFC 6203, with every score equal as without a full-text search plugin).
// Thread: free functions and value types; the session's.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mock_dovecot/imap/fetch_items.hpp"

namespace oxh::dovecot::imap {

class CommandContext;

enum SearchReturnFlag : unsigned {
  kReturnMin = 1U << 0U,
  kReturnMax = 1U << 1U,
  kReturnAll = 1U << 2U,
  kReturnCount = 1U << 3U,
  kReturnSave = 1U << 4U,
  kReturnUpdate = 1U << 5U,
  kReturnRelevancy = 1U << 6U,
  kReturnPartial = 1U << 7U,
  kReturnModseq = 1U << 8U,   // the program has a MODSEQ key
  kReturnEsearch = 1U << 9U,  // RETURN was given: answer with ESEARCH
};

struct SearchReturn {
  unsigned options = kReturnAll;  // no RETURN: a plain "* SEARCH" / "* SORT" answer
  std::uint32_t partialFirst = 0;
  std::uint32_t partialLast = 0;
  // Dovecot's UPDATE (fetch-att ...): FETCH responses for new messages an update adds.
  std::optional<FetchRequest> updateFetch;

  [[nodiscard]] bool has(unsigned flag) const { return (options & flag) != 0; }
};

// "RETURN (...)" at ctx.args[pos] (only when args[pos] is the atom RETURN and args[pos+1] a
// list, as cmd_search_parse_return_if_found); on success `pos` is past it. nullopt after
// answering Dovecot's BAD (unknown option, PARTIAL errors, duplicate UPDATE or update tag).
// `updateTags`: tags of the session's active UPDATE searches.
std::optional<SearchReturn> parseSearchReturn(CommandContext& ctx, std::size_t& pos,
                                              const std::vector<std::string>& updateTags);

// One message the program matched, in result order (ascending, or the sort order).
struct SearchHit {
  std::uint32_t uid = 0;
  std::uint32_t sequence = 0;
  std::uint64_t modseq = 0;
};

// What the options make of the hits (cmd_search_more): the untagged line (without "* "; empty
// when nothing is sent, RETURN (SAVE) alone) and the UIDs SAVE keeps.
struct SearchAnswer {
  std::string line;
  std::vector<std::uint32_t> saved;  // ascending
};

// `sorting`: "SORT" instead of "SEARCH" in the plain answer. `uid`: UID SEARCH / UID SORT.
SearchAnswer searchAnswer(const SearchReturn& options, const std::vector<SearchHit>& hits, const std::string& tag,
                          bool uid, bool sorting);

}  // namespace oxh::dovecot::imap
