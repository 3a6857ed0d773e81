#include "mock_dovecot/imap/sequence_set.hpp"

#include <algorithm>

#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/selected_view.hpp"

namespace oxh::dovecot::imap {

namespace {

// get_next_number: digits with 32-bit wrap-around, and 2^32-1 taken down by one so that it
// never means "*".
std::uint32_t nextNumber(std::string_view text, std::size_t& pos) {
  std::uint32_t value = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10U + static_cast<std::uint32_t>(text[pos] - '0');
    ++pos;
  }
  return value == kSeqStar ? value - 1 : value;
}

bool nextValue(std::string_view text, std::size_t& pos, std::uint32_t& value) {
  if (pos < text.size() && text[pos] == '*') {
    ++pos;
    value = kSeqStar;
    return true;
  }
  value = nextNumber(text, pos);
  return value != 0;
}

void addRange(SequenceSet& set, SeqRange range) {
  set.push_back(range);
  std::sort(set.begin(), set.end(), [](const SeqRange& a, const SeqRange& b) { return a.first < b.first; });
  SequenceSet merged;
  for (const auto& r : set) {
    if (!merged.empty() && (merged.back().last == kSeqStar || r.first <= merged.back().last + 1)) {
      merged.back().last = std::max(merged.back().last, r.last);
    } else {
      merged.push_back(r);
    }
  }
  set = std::move(merged);
}

}  // namespace

std::optional<SequenceSet> parseSequenceSet(std::string_view text) {
  SequenceSet set;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::uint32_t first = 0;
    if (!nextValue(text, pos, first)) {
      return std::nullopt;
    }
    std::uint32_t last = first;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!nextValue(text, pos, last)) {
        return std::nullopt;
      }
    }
    addRange(set, SeqRange{std::min(first, last), std::max(first, last)});
    if (pos < text.size()) {
      if (text[pos] != ',') {
        return std::nullopt;
      }
      ++pos;
    }
  }
  return set;
}

bool validMessageSet(const SequenceSet& set, std::size_t exists) {
  if (set.empty() || exists == 0) {
    return false;
  }
  const SeqRange& top = set.back();
  if (top.last == kSeqStar) {
    return top.first <= exists || top.first == kSeqStar;
  }
  return top.last <= exists;
}

std::vector<std::uint32_t> sequenceSetUids(const SequenceSet& set, const SelectedView& view) {
  std::vector<std::uint32_t> out;
  const std::size_t exists = view.exists();
  for (const auto& range : set) {
    std::size_t first = range.first;
    std::size_t last = range.last;
    if (range.first == kSeqStar) {
      first = exists;
    }
    if (range.last == kSeqStar) {
      last = exists;
    }
    for (std::size_t seq = std::max<std::size_t>(first, 1); seq <= std::min(last, exists); ++seq) {
      out.push_back(view.uidAt(seq));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::uint32_t> uidSetUids(const SequenceSet& set, const SelectedView& view) {
  std::vector<std::uint32_t> out;
  const auto& uids = view.uids();
  for (const auto& range : set) {
    for (std::uint32_t uid : uids) {
      if (uid >= range.first && uid <= range.last) {
        out.push_back(uid);
      }
    }
    if (range.last == kSeqStar && !uids.empty()) {
      out.push_back(uids.back());
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string formatSequenceSet(const std::vector<std::uint32_t>& ascending) {
  std::string out;
  for (std::size_t i = 0; i < ascending.size();) {
    std::size_t j = i;
    while (j + 1 < ascending.size() && ascending[j + 1] == ascending[j] + 1) {
      ++j;
    }
    if (!out.empty()) {
      out += ',';
    }
    out += std::to_string(ascending[i]);
    if (j != i) {
      out += ':' + std::to_string(ascending[j]);
    }
    i = j + 1;
  }
  return out;
}

std::optional<std::vector<std::uint32_t>> messageSetArgument(CommandContext& ctx, std::string_view text, bool uid) {
  const SelectedView& view = *ctx.session.selected();
  if (text == "$") {
    // imap_search_get_searchres: the saved UIDs still in the view (none before any SAVE).
    std::vector<std::uint32_t> out;
    for (std::uint32_t uid : view.savedResult().value_or(std::vector<std::uint32_t>{})) {
      if (view.sequenceOf(uid)) {
        out.push_back(uid);
      }
    }
    return out;
  }
  auto set = parseSequenceSet(text);
  if (uid) {
    if (!set) {
      ctx.commandError("Invalid uidset");
      return std::nullopt;
    }
    return uidSetUids(*set, view);
  }
  if (!set || !validMessageSet(*set, view.exists())) {
    ctx.commandError("Invalid messageset");
    return std::nullopt;
  }
  return sequenceSetUids(*set, view);
}

}  // namespace oxh::dovecot::imap
