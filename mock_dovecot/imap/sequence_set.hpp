#pragma once
// IMAP sequence sets (RFC 3501 section 9 sequence-set) as Dovecot reads them
// (core:src/lib-imap/imap-seqset.c): ranges are swapped when reversed, merged and sorted; "*"
// is the largest value. How a set selects messages follows lib-storage's mail-search.c: for
// sequence numbers "n:*" means n..EXISTS, for UIDs a range that contains "*" always includes
// the last message (RFC 3501 section 6.4.8: "UID 5:*" matches the highest UID even below 5).
// Thread: free functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

class CommandContext;
class SelectedView;

inline constexpr std::uint32_t kSeqStar = 0xffffffffU;

struct SeqRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
};
using SequenceSet = std::vector<SeqRange>;  // ascending, non-overlapping

// nullopt on a syntax error (0, empty parts, junk). "" parses to an empty set.
std::optional<SequenceSet> parseSequenceSet(std::string_view text);
// Dovecot's msgset_is_valid (imap-search-args.c): no messages means every set is invalid; the
// highest range must not go past EXISTS ("*" alone is always fine).
bool validMessageSet(const SequenceSet& set, std::size_t exists);
// UIDs (ascending) of the view's messages that a sequence-number set / UID set selects.
std::vector<std::uint32_t> sequenceSetUids(const SequenceSet& set, const SelectedView& view);
std::vector<std::uint32_t> uidSetUids(const SequenceSet& set, const SelectedView& view);
// "1:3,7" for ascending values (imap_write_seq_range).
std::string formatSequenceSet(const std::vector<std::uint32_t>& ascending);

// The message-set argument of FETCH/STORE/COPY/MOVE/UID EXPUNGE: UIDs it selects, or nullopt
// after answering Dovecot's "Invalid messageset" / "Invalid uidset" (imap_search_get_anyset).
// "$" (RFC 5182 SEARCHRES) selects the saved result's UIDs still in the view; before any SAVE
// in this selection, nothing (confirmed against Dovecot 2.3.19: FETCH $ answers only OK, COPY
// and MOVE "OK No messages found.").
std::optional<std::vector<std::uint32_t>> messageSetArgument(CommandContext& ctx, std::string_view text, bool uid);

}  // namespace oxh::dovecot::imap
