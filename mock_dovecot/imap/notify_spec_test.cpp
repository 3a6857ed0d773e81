#include "mock_dovecot/imap/notify_spec.hpp"

#include <gtest/gtest.h>

#include "mock_dovecot/imap/command_parser.hpp"

namespace oxh::dovecot::imap {
namespace {

NotifyParseResult parse(const std::string& arguments) {
  CommandParser parser(65536);
  parser.feed("a NOTIFY " + arguments + "\r\n");
  ParseOutcome outcome = parser.poll({});
  EXPECT_EQ(outcome.kind, ParseOutcome::Kind::kCommand);
  return parseNotify(outcome.args);
}

TEST(NotifySpec, NoneAndSetWithGroups) {
  EXPECT_TRUE(parse("NONE").spec->none);
  auto result = parse(
      "SET STATUS (selected (MessageNew (UID FLAGS) MessageExpunge FlagChange)) (subtree (Work INBOX) (MailboxName))");
  ASSERT_TRUE(result.spec);
  EXPECT_TRUE(result.spec->status);
  EXPECT_EQ(result.spec->selectedEvents, kNotifyMessageNew | kNotifyMessageExpunge | kNotifyFlagChange);
  ASSERT_TRUE(result.spec->messageNewFetch);
  ASSERT_EQ(result.spec->groups.size(), 1U);
  EXPECT_EQ(result.spec->groups[0].filter, NotifyFilter::kSubtree);
  EXPECT_EQ(result.spec->groups[0].mailboxes, (std::vector<std::string>{"Work", "INBOX"}));
  EXPECT_TRUE(notifyGroupMatches(result.spec->groups[0], "Work/Sub", false));
  EXPECT_TRUE(notifyGroupMatches(result.spec->groups[0], "INBOX", false));
  EXPECT_FALSE(notifyGroupMatches(result.spec->groups[0], "Workers", false));
}

TEST(NotifySpec, DovecotErrors) {
  EXPECT_EQ(parse("SET (selected MessageNew (uid flags) MessageExpunge)").error, "Invalid arguments.");
  EXPECT_EQ(parse("SET (all (MessageNew MessageExpunge))").error, "Invalid arguments.");
  EXPECT_EQ(parse("FOO").error, "Invalid arguments.");
  EXPECT_EQ(parse("SET (selected (MessageNew))").error, "MessageNew and MessageExpunge must be together.");
  EXPECT_EQ(parse("SET (selected (FlagChange))").error, "FlagChange requires MessageNew and MessageExpunge.");
  EXPECT_EQ(parse("SET (selected (MessageNew MessageExpunge)) (selected-delayed NONE)").error,
            "Duplicate selected filter.");
  EXPECT_EQ(parse("SET (selected (MessageNew (FOO) MessageExpunge))").error,
            "Invalid fetch-att list: Unknown parameter: FOO");
  EXPECT_EQ(parse("SET (personal (MailboxName MailboxMetadataChange ServerMetadataChange))").badEvents,
            "MailboxMetadataChange ServerMetadataChange");
}

TEST(NotifySpec, NoneGroupsAreAccepted) {
  auto result = parse("SET (personal NONE) (selected NONE)");
  ASSERT_TRUE(result.spec);
  EXPECT_TRUE(result.spec->groups.empty());
  EXPECT_TRUE(result.spec->selectedSet);
}

}  // namespace
}  // namespace oxh::dovecot::imap
