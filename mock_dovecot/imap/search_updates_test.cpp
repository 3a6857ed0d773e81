#include "mock_dovecot/imap/search_updates.hpp"

#include <gtest/gtest.h>

#include "mock_dovecot/imap/selected_view.hpp"

namespace oxh::dovecot::imap {
namespace {

StoredMessage message(std::uint32_t uid, std::uint8_t flags = 0) {
  StoredMessage out;
  out.uid = uid;
  out.raw = std::make_shared<const std::string>("Subject: m" + std::to_string(uid) + "\r\n\r\nbody\r\n");
  out.flags.system = flags;
  out.modseq = uid;
  return out;
}

MailboxSnapshot snapshot(std::vector<StoredMessage> messages) {
  MailboxSnapshot out;
  out.name = "INBOX";
  out.uidValidity = 7;
  out.messages = std::move(messages);
  return out;
}

SearchProgram program(std::vector<std::string> words) {
  ImapArgs args;
  for (auto& word : words) {
    ImapArg arg;
    arg.value = std::move(word);
    args.push_back(std::move(arg));
  }
  SearchParseError error;
  auto parsed = parseSearchProgram(args, 0, error);
  EXPECT_TRUE(parsed) << error.text;
  return *parsed;
}

void addUpdate(SelectedView& view, const std::string& tag, bool uid, const SearchProgram& search,
               std::set<std::uint32_t> result) {
  SearchUpdates::Update update;
  update.tag = tag;
  update.uid = uid;
  update.program = freezeSearchProgram(search, view);
  update.result = std::move(result);
  view.searchUpdates().add(std::move(update));
}

TEST(SearchUpdates, ExpungesFirstThenFlagChangesAndNewMessages) {
  SelectedView view(snapshot({message(1), message(2), message(3)}), false, {});
  addUpdate(view, "u1", false, program({"UNSEEN"}), {1, 2, 3});
  addUpdate(view, "u2", true, program({"UNSEEN"}), {1, 2, 3});
  addUpdate(view, "u3", false, program({"ALL"}), {1, 2, 3});
  // Another session: 1 expunged, 2 seen, 4 appended.
  const auto lines = view.sync(snapshot({message(2, kFlagSeen), message(3), message(4)}), {}, true, false);
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "ESEARCH (TAG \"u1\") REMOVEFROM (0 1)",
                       "ESEARCH (TAG \"u2\") UID REMOVEFROM (0 1)",
                       "ESEARCH (TAG \"u3\") REMOVEFROM (0 1)",
                       "2 FETCH (FLAGS (\\Seen))",
                       "1 EXPUNGE",
                       "3 EXISTS",
                       "ESEARCH (TAG \"u1\") REMOVEFROM (0 1) ADDTO (0 3)",
                       "ESEARCH (TAG \"u2\") UID REMOVEFROM (0 2) ADDTO (0 4)",
                       "ESEARCH (TAG \"u3\") ADDTO (0 3)",
                   }));
}

TEST(SearchUpdates, NoExpungeSyncKeepsMembers) {
  SelectedView view(snapshot({message(1), message(2)}), false, {});
  addUpdate(view, "u", false, program({"ALL"}), {1, 2});
  EXPECT_EQ(view.sync(snapshot({message(2)}), {}, false, false), std::vector<std::string>{});
  EXPECT_EQ(view.sync(snapshot({message(2)}), {}, true, false),
            (std::vector<std::string>{"ESEARCH (TAG \"u\") REMOVEFROM (0 1)", "1 EXPUNGE"}));
}

TEST(SearchUpdates, SetsAreFrozenAtSearchTime) {
  SelectedView view(snapshot({message(1), message(2), message(3)}), false, {});
  addUpdate(view, "seq", false, program({"2:*"}), {2, 3});
  addUpdate(view, "uid", true, program({"UID", "1:*"}), {1, 2, 3});
  EXPECT_EQ(view.sync(snapshot({message(1), message(2), message(3), message(4)}), {}, true, false),
            std::vector<std::string>{"4 EXISTS"});
}

TEST(SearchUpdates, FlagChangesCountOnlyForFlagPrograms) {
  SelectedView view(snapshot({message(1), message(2)}), false, {});
  addUpdate(view, "all", false, program({"ALL"}), {1, 2});
  addUpdate(view, "flagged", false, program({"FLAGGED"}), {});
  // The session's own STORE: noted without a FETCH line from the sync.
  view.noteFlags(2, MessageFlags{kFlagFlagged, {}}, 2);
  EXPECT_EQ(view.sync(snapshot({message(1), message(2, kFlagFlagged)}), {}, true, false),
            std::vector<std::string>{"ESEARCH (TAG \"flagged\") ADDTO (0 2)"});
}

TEST(SearchUpdates, Cancel) {
  SearchUpdates updates;
  updates.add(SearchUpdates::Update{"a", false, {}, {}, std::nullopt});
  updates.add(SearchUpdates::Update{"b", false, {}, {}, std::nullopt});
  EXPECT_EQ(updates.tags(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(updates.cancel("a"));
  EXPECT_FALSE(updates.cancel("a"));
  EXPECT_EQ(updates.size(), 1U);
}

TEST(SearchUpdates, WantsFlagUpdates) {
  EXPECT_TRUE(searchWantsFlagUpdates(program({"OR", "SUBJECT", "x", "KEYWORD", "k"}).root));
  EXPECT_TRUE(searchWantsFlagUpdates(program({"NOT", "SEEN"}).root));
  EXPECT_FALSE(searchWantsFlagUpdates(program({"SUBJECT", "x", "1:3"}).root));
}

}  // namespace
}  // namespace oxh::dovecot::imap
