#include "mock_dovecot/imap/qresync_lines.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"

namespace oxh::dovecot::imap {

namespace {

// "12 WORD..." -> 12 when the line continues with `word`.
std::optional<std::size_t> sequenceBefore(const std::string& line, std::string_view word) {
  const auto space = line.find(' ');
  if (space == std::string::npos || line.compare(space + 1, word.size(), word) != 0) {
    return std::nullopt;
  }
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(line.data(), line.data() + space, value);
  if (ec != std::errc() || end != line.data() + space || value == 0) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::vector<std::string> qresyncLines(std::vector<std::string> lines, std::vector<std::uint32_t> uidsBefore) {
  std::vector<std::string> out;
  std::vector<std::uint32_t> vanished;
  std::optional<std::size_t> vanishedAt;
  for (auto& line : lines) {
    if (auto seq = sequenceBefore(line, "EXPUNGE"); seq && line.size() == line.find(' ') + 8) {
      if (*seq <= uidsBefore.size()) {
        vanished.push_back(uidsBefore[*seq - 1]);
        uidsBefore.erase(uidsBefore.begin() + static_cast<std::ptrdiff_t>(*seq - 1));
      }
      if (!vanishedAt) {
        vanishedAt = out.size();
        out.emplace_back();
      }
      continue;
    }
    if (auto seq = sequenceBefore(line, "FETCH ("); seq && *seq <= uidsBefore.size()) {
      const auto open = line.find('(');
      if (line.compare(open + 1, 4, "UID ") != 0) {
        line.insert(open + 1, "UID " + std::to_string(uidsBefore[*seq - 1]) + " ");
      }
    }
    out.push_back(std::move(line));
  }
  if (vanishedAt) {
    std::sort(vanished.begin(), vanished.end());
    out[*vanishedAt] = "VANISHED " + formatSequenceSet(vanished);
  }
  return out;
}

std::optional<std::uint64_t> fetchLineModseq(std::string_view line) {
  const auto fetch = line.find(" FETCH (");
  const auto modseq = line.find("MODSEQ (");
  if (line.rfind("* ", 0) != 0 || fetch == std::string_view::npos || modseq == std::string_view::npos ||
      modseq < fetch) {
    return std::nullopt;
  }
  const char* begin = line.data() + modseq + 8;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(begin, line.data() + line.size(), value);
  if (ec != std::errc() || end == begin) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> qresyncSyncModseq(ImapSession& session, bool expungesHeldBack) {
  const SelectedView* view = session.selected();
  if (!session.qresync() || view == nullptr) {
    return std::nullopt;
  }
  auto snapshot = session.store().snapshot(session.user(), view->mailbox());
  if (!snapshot) {
    return std::nullopt;
  }
  const std::uint64_t highest = snapshot->highestModseq;
  std::optional<std::uint64_t> send;
  if (expungesHeldBack && session.highestFetchModseq > session.syncLastFullModseq) {
    send = session.highestFetchModseq;
  } else if (!expungesHeldBack && highest > session.syncLastFullModseq && highest > session.highestFetchModseq) {
    send = highest;
  }
  if (!expungesHeldBack) {
    session.syncLastFullModseq = highest;
  }
  session.highestFetchModseq = 0;
  return send;
}

}  // namespace oxh::dovecot::imap
