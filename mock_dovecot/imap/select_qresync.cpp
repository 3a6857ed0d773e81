#include "mock_dovecot/imap/select_qresync.hpp"

#include <algorithm>
#include <charconv>

#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"

namespace oxh::dovecot::imap {

namespace {

template <typename T>
std::optional<T> atomNumber(const ImapArg& arg) {
  if (!arg.isAtom()) {
    return std::nullopt;
  }
  T value = 0;
  const auto [end, ec] = std::from_chars(arg.value.data(), arg.value.data() + arg.value.size(), value);
  if (arg.value.empty() || ec != std::errc() || end != arg.value.data() + arg.value.size()) {
    return std::nullopt;
  }
  return value;
}

std::uint64_t countOf(const SequenceSet& set) {
  std::uint64_t count = 0;
  for (const auto& range : set) {
    count += static_cast<std::uint64_t>(range.last) - range.first + 1;
  }
  return count;
}

// seq-match-data: nullopt when valid, else the error (confirmed against Dovecot 2.3.19).
std::optional<std::string> seqMatchError(const ImapArg& arg) {
  const auto noStar = [](const ImapArg& set) -> std::optional<SequenceSet> {
    if (!set.isAtom() || set.value.find('*') != std::string::npos) {
      return std::nullopt;
    }
    auto parsed = parseSequenceSet(set.value);
    return parsed && !parsed->empty() ? parsed : std::nullopt;
  };
  const auto sequences = !arg.list.empty() ? noStar(arg.list[0]) : std::nullopt;
  if (!sequences) {
    return "Invalid QRESYNC known-sequence-set";
  }
  const auto uids = arg.list.size() >= 2 ? noStar(arg.list[1]) : std::nullopt;
  if (!uids) {
    return "Invalid QRESYNC known-uid-set";
  }
  if (arg.list.size() != 2) {
    return "Too many parameters to QRESYNC known set";
  }
  if (countOf(*sequences) != countOf(*uids)) {
    return "Invalid QRESYNC sets";
  }
  return std::nullopt;
}

bool contains(const SequenceSet& set, std::uint32_t value) {
  return std::any_of(set.begin(), set.end(),
                     [value](const SeqRange& range) { return value >= range.first && value <= range.last; });
}

}  // namespace

std::optional<QresyncParameters> parseQresyncParameters(const ImapArg& list, std::string& error) {
  QresyncParameters parameters;
  const ImapArgs& args = list.list;
  const auto uidValidity = args.size() >= 1 ? atomNumber<std::uint32_t>(args[0]) : std::nullopt;
  const auto modseq = args.size() >= 2 ? atomNumber<std::uint64_t>(args[1]) : std::nullopt;
  if (!uidValidity || !modseq) {
    error = "Invalid QRESYNC parameters";
    return std::nullopt;
  }
  parameters.uidValidity = *uidValidity;
  parameters.modseq = *modseq;
  std::size_t at = 2;
  if (at < args.size() && args[at].isAtom()) {
    // No "*" in known-uids (imap_seq_set_nostar_parse; confirmed against Dovecot 2.3.19).
    auto known = parseSequenceSet(args[at].value);
    if (!known || known->empty() || args[at].value.find('*') != std::string::npos) {
      error = "Invalid QRESYNC known-uids";
      return std::nullopt;
    }
    parameters.knownUids = std::move(*known);
    ++at;
  } else {
    parameters.knownUids = SequenceSet{SeqRange{1, kSeqStar}};
  }
  if (at < args.size() && args[at].isList()) {
    if (auto seqMatch = seqMatchError(args[at])) {
      error = *seqMatch;
      return std::nullopt;
    }
    ++at;
  }
  if (at != args.size()) {
    error = "Invalid QRESYNC parameters";
    return std::nullopt;
  }
  return parameters;
}

void sendQresyncChanges(CommandContext& ctx, const QresyncParameters& parameters, const MailboxSnapshot& snapshot,
                        const std::vector<ExpungeRecord>& expunged, const std::set<std::uint32_t>& recent) {
  if (parameters.uidValidity != snapshot.uidValidity) {
    return;
  }
  std::vector<std::uint32_t> vanished;
  for (const auto& record : expunged) {
    if (record.modseq > parameters.modseq && contains(parameters.knownUids, record.uid)) {
      vanished.push_back(record.uid);
    }
  }
  std::sort(vanished.begin(), vanished.end());
  vanished.erase(std::unique(vanished.begin(), vanished.end()), vanished.end());
  if (!vanished.empty()) {
    ctx.untagged("VANISHED (EARLIER) " + formatSequenceSet(vanished));
  }
  for (std::size_t i = 0; i < snapshot.messages.size(); ++i) {
    const StoredMessage& message = snapshot.messages[i];
    if (message.modseq <= parameters.modseq || !contains(parameters.knownUids, message.uid)) {
      continue;
    }
    ctx.untagged(std::to_string(i + 1) + " FETCH (UID " + std::to_string(message.uid) + " FLAGS (" +
                 flagList(message.flags, recent.count(message.uid) != 0) + ") MODSEQ (" +
                 std::to_string(message.modseq) + "))");
  }
}

}  // namespace oxh::dovecot::imap
