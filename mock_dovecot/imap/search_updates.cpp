#include "mock_dovecot/imap/search_updates.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

#include "mock_dovecot/imap/fetch_render.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/selected_view.hpp"
#include "mock_dovecot/imap/sequence_set.hpp"

namespace oxh::dovecot::imap {

namespace {

SequenceSet toSet(const std::vector<std::uint32_t>& ascending) {
  SequenceSet set;
  for (std::uint32_t value : ascending) {
    if (!set.empty() && set.back().last + 1 == value) {
      set.back().last = value;
    } else {
      set.push_back(SeqRange{value, value});
    }
  }
  return set;
}

void freezeKey(SearchKey& key, const SelectedView& view) {
  if (key.type == SearchKeyType::kSequenceSet) {
    key.set = toSet(sequenceSetUids(key.set, view));
    key.type = SearchKeyType::kUidSet;
  } else if (key.type == SearchKeyType::kUidSet) {
    key.set = toSet(uidSetUids(key.set, view));
  }
  for (auto& child : key.children) {
    freezeKey(child, view);
  }
}

std::string updateLine(const SearchUpdates::Update& update, const std::vector<std::uint32_t>& removed,
                       const std::vector<std::uint32_t>& added) {
  std::string line = "ESEARCH (TAG " + imap::quoted(update.tag) + ")";
  if (update.uid) {
    line += " UID";
  }
  if (!removed.empty()) {
    line += " REMOVEFROM (0 " + formatSequenceSet(removed) + ")";
  }
  if (!added.empty()) {
    line += " ADDTO (0 " + formatSequenceSet(added) + ")";
  }
  return line;
}

}  // namespace

SearchProgram freezeSearchProgram(const SearchProgram& program, const SelectedView& view) {
  SearchProgram frozen = program;
  freezeKey(frozen.root, view);
  frozen.hasSequenceSet = false;
  return frozen;
}

bool searchWantsFlagUpdates(const SearchKey& key) {
  if (key.type == SearchKeyType::kSystemFlag || key.type == SearchKeyType::kRecent ||
      key.type == SearchKeyType::kKeyword || key.type == SearchKeyType::kModseq) {
    return true;
  }
  return std::any_of(key.children.begin(), key.children.end(),
                     [](const SearchKey& child) { return searchWantsFlagUpdates(child); });
}

std::vector<std::string> SearchUpdates::tags() const {
  std::vector<std::string> out;
  for (const auto& update : updates_) {
    out.push_back(update.tag);
  }
  return out;
}

void SearchUpdates::add(Update update) { updates_.push_back(std::move(update)); }

bool SearchUpdates::cancel(const std::string& tag) {
  auto it = std::find_if(updates_.begin(), updates_.end(), [&](const Update& u) { return u.tag == tag; });
  if (it == updates_.end()) {
    return false;
  }
  updates_.erase(it);
  return true;
}

std::vector<std::string> SearchUpdates::expunged(const std::vector<std::uint32_t>& before,
                                                 const std::set<std::uint32_t>& expunged) {
  std::vector<std::string> lines;
  if (expunged.empty()) {
    return lines;
  }
  for (auto& update : updates_) {
    std::vector<std::uint32_t> removed;
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (expunged.count(before[i]) != 0 && update.result.erase(before[i]) != 0) {
        removed.push_back(update.uid ? before[i] : static_cast<std::uint32_t>(i + 1));
      }
    }
    if (!removed.empty()) {
      lines.push_back(updateLine(update, removed, {}));
    }
  }
  return lines;
}

std::vector<std::string> SearchUpdates::changed(const SelectedView& view, const MailboxSnapshot& now,
                                                const std::set<std::uint32_t>& flagChanged,
                                                const std::vector<std::uint32_t>& appended) {
  std::vector<std::string> lines;
  if (updates_.empty() || (flagChanged.empty() && appended.empty())) {
    return lines;
  }
  std::map<std::uint32_t, const StoredMessage*> messages;
  for (const auto& message : now.messages) {
    messages[message.uid] = &message;
  }
  std::map<std::uint32_t, std::unique_ptr<mime::ParsedMessage>> parsed;
  const std::int64_t nowSeconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto matches = [&](const SearchProgram& program, std::uint32_t uid) -> std::optional<bool> {
    auto found = messages.find(uid);
    const auto sequence = view.sequenceOf(uid);
    if (found == messages.end() || !sequence) {
      return std::nullopt;
    }
    SearchSubject subject;
    subject.message = found->second;
    subject.sequence = *sequence;
    subject.exists = view.exists();
    subject.lastUid = view.lastUid();
    subject.recent = view.isRecent(uid);
    subject.now = nowSeconds;
    if (searchNeedsParsed(program.root)) {
      auto& slot = parsed[uid];
      if (!slot) {
        slot = std::make_unique<mime::ParsedMessage>(*found->second->raw);
      }
      subject.parsed = slot.get();
    }
    return searchMatches(program.root, subject);
  };
  auto id = [&](const Update& update, std::uint32_t uid) {
    return update.uid ? uid : static_cast<std::uint32_t>(view.sequenceOf(uid).value_or(0));
  };
  for (auto& update : updates_) {
    std::vector<std::uint32_t> removed;
    std::vector<std::uint32_t> added;
    if (searchWantsFlagUpdates(update.program.root)) {
      for (std::uint32_t uid : flagChanged) {
        const auto match = matches(update.program, uid);
        if (!match) {
          continue;
        }
        if (*match && update.result.insert(uid).second) {
          added.push_back(id(update, uid));
        } else if (!*match && update.result.erase(uid) != 0) {
          removed.push_back(id(update, uid));
        }
      }
    }
    for (std::uint32_t uid : appended) {
      const auto match = matches(update.program, uid);
      if (match && *match && update.result.insert(uid).second) {
        added.push_back(id(update, uid));
      }
    }
    std::sort(removed.begin(), removed.end());
    std::sort(added.begin(), added.end());
    if (update.fetch) {
      for (std::uint32_t uid : appended) {
        if (update.result.count(uid) == 0) {
          continue;
        }
        const StoredMessage* message = messages[uid];
        FetchMessage fetch;
        fetch.sequence = view.sequenceOf(uid).value_or(0);
        fetch.stored = message;
        if (needsParsedMessage(*update.fetch)) {
          auto& slot = parsed[uid];
          if (!slot) {
            slot = std::make_unique<mime::ParsedMessage>(*message->raw);
          }
          fetch.parsed = slot.get();
        }
        fetch.flags = message->flags;
        fetch.recent = view.isRecent(uid);
        if (update.fetch->updateSeen && !view.readOnly() && (fetch.flags.system & kFlagSeen) == 0) {
          fetch.flags.system |= kFlagSeen;
          fetch.seenChanged = true;
          seenByFetch_.push_back(uid);
        }
        lines.push_back(renderFetch(*update.fetch, fetch));
      }
    }
    if (!removed.empty() || !added.empty()) {
      lines.push_back(updateLine(update, removed, added));
    }
  }
  return lines;
}

}  // namespace oxh::dovecot::imap
