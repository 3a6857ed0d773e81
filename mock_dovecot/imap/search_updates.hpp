#pragma once
// SEARCH/SORT RETURN (UPDATE) results a session keeps (RFC 5267 section 4.3), as Dovecot 2.3.19
// keeps them (imap-sync.c, lib-storage index-search-result.c), all confirmed against Dovecot
// 2.3.19 by another session appending, expunging and changing flags:
// - the program is frozen when the search runs: sequence sets, UID sets ("UID 1:*" too) and
//   "$" become the UIDs they matched then, so a new message never matches a set;
// - at a sync point that may send EXPUNGE, expunged members are reported first, before the
//   FETCH and EXPUNGE lines, with the sequence numbers they had: "* ESEARCH (TAG "t")
//   REMOVEFROM (0 n)";
// - after EXISTS/RECENT, new messages that match and (only when the program has a flag,
//   keyword or MODSEQ key) messages whose flags changed are reported in one line per search:
//   "REMOVEFROM (0 set) ADDTO (0 set)", UIDs for UID SEARCH, else current sequence numbers;
// - the searches live as long as the selection; CANCELUPDATE ends them.
// Real Dovecot 2.3.19 crashes (the connection closes, signal 11 in the log) where the fake
// answers: at the first sync with a new message when an UPDATE search has a KEYWORD key, and
// at "SEARCH RETURN (UPDATE ...) 1" in an empty mailbox (both seen against Dovecot 2.3.19).
// Thread: owned by one session's SelectedView.
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "mock_dovecot/imap/fetch_items.hpp"
#include "mock_dovecot/imap/search_program.hpp"
#include "mock_dovecot/store/mailbox.hpp"

namespace oxh::dovecot::imap {

class SelectedView;

// Dovecot's CLIENT_MAX_SEARCH_UPDATES.
inline constexpr std::size_t kMaxSearchUpdates = 10;

class SearchUpdates {
 public:
  struct Update {
    std::string tag;
    bool uid = false;
    SearchProgram program;  // frozen (see above)
    std::set<std::uint32_t> result;
    // UPDATE (fetch-att): a FETCH line per new message added, before the ESEARCH line; BODY[]
    // and the like set \Seen there, shown in that line (confirmed against Dovecot 2.3.19:
    // "FLAGS (\\Seen \\Recent) BODY[] ..."; the session stores it, takeSeenByFetch()).
    std::optional<FetchRequest> fetch;
  };

  [[nodiscard]] std::vector<std::string> tags() const;
  [[nodiscard]] std::size_t size() const { return updates_.size(); }
  void add(Update update);
  // false: no search with that tag.
  bool cancel(const std::string& tag);

  // Lines for members among `expunged`, numbered as in `before` (the view's UIDs before the
  // expunges); the members leave the results.
  std::vector<std::string> expunged(const std::vector<std::uint32_t>& before, const std::set<std::uint32_t>& expunged);
  // Lines for `appended` and (for programs with flag keys) `flagChanged` messages, evaluated on
  // `now` as `view` sees it after the sync.
  std::vector<std::string> changed(const SelectedView& view, const MailboxSnapshot& now,
                                   const std::set<std::uint32_t>& flagChanged,
                                   const std::vector<std::uint32_t>& appended);

  // UIDs whose \Seen an UPDATE fetch-att set in changed()'s lines since the last call: the
  // session stores the flag and its view takes it silently.
  std::vector<std::uint32_t> takeSeenByFetch() { return std::exchange(seenByFetch_, {}); }

 private:
  std::vector<Update> updates_;
  std::vector<std::uint32_t> seenByFetch_;
};

// Copies `program` with every sequence set, UID set and "$" replaced by the UIDs of `view` it
// selects (mail_search_args_init + mail_search_args_seq2uid).
SearchProgram freezeSearchProgram(const SearchProgram& program, const SelectedView& view);
// The program has a flag, keyword or MODSEQ key (search_result_want_flag_updates).
bool searchWantsFlagUpdates(const SearchKey& key);

}  // namespace oxh::dovecot::imap
