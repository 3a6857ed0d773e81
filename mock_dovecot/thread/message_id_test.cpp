#include <gtest/gtest.h>

#include "mock_dovecot/thread/address_key.hpp"
#include "mock_dovecot/thread/message_id.hpp"
#include "mock_dovecot/thread/sent_date.hpp"

namespace oxh::dovecot::thread {
namespace {

using Ids = std::vector<std::string>;

TEST(MessageId, ValidTokensOnly) {
  EXPECT_EQ(allMessageIds("<a@b> <c@d>"), (Ids{"a@b", "c@d"}));
  EXPECT_EQ(allMessageIds("bogus-no-brackets"), Ids{});
  EXPECT_EQ(allMessageIds("<no-at> <x@y>"), Ids{"x@y"});
  EXPECT_EQ(allMessageIds("<m1 @ corpus.example>"), Ids{"m1@corpus.example"});
  EXPECT_EQ(allMessageIds("<a@b> (comment)"), Ids{"a@b"});
  EXPECT_EQ(allMessageIds("<\"q x\"@b>"), Ids{"q x@b"});
  EXPECT_EQ(allMessageIds("<A@B>"), Ids{"A@B"});  // case is kept: IDs compare with strcmp
  EXPECT_EQ(allMessageIds("<a@b"), Ids{});
}

TEST(AddressKey, MailboxAndDisplayName) {
  EXPECT_EQ(addressMailboxKey("\"Zoe\" <alpha@example.net>"), "alpha");
  EXPECT_EQ(addressDisplayKey("\"Zoe\" <alpha@example.net>"), "Zoe");
  EXPECT_EQ(addressDisplayKey("=?utf-8?Q?=C3=84rger?= <zulu@example.net>"), "\xC3\x84rger");
  EXPECT_EQ(addressDisplayKey("mike@example.net (Bravo Name)"), "Bravo Name");
  EXPECT_EQ(addressDisplayKey("<Charlie@example.net>"), "Charlie@example.net");
  EXPECT_EQ(addressMailboxKey("a@x, b@y"), "a");
  EXPECT_EQ(addressMailboxKey("echo"), "echo");
  EXPECT_EQ(addressDisplayKey("echo"), "echo@MISSING_DOMAIN");
  EXPECT_EQ(addressDisplayKey(""), "");
}

TEST(SentDate, DovecotGrammar) {
  EXPECT_EQ(parseSentDate("Mon, 01 Jan 2024 10:00:00 +0000"), 1704103200);
  EXPECT_EQ(parseSentDate("1 Jan 2024 10:00 -0130"), 1704103200 + 5400);
  EXPECT_EQ(parseSentDate("2 Jan 24 11:30 EST"), 1704067200 + 86400 + 16 * 3600 + 1800);
  EXPECT_EQ(parseSentDate("01 Jan 2024 10.00.00 XYZ"), 1704103200);  // unknown zone = +0000
  EXPECT_FALSE(parseSentDate("garbage").has_value());
  EXPECT_FALSE(parseSentDate("Tue, 32 Jan 2024 09:00:00 +0000").has_value());
  EXPECT_FALSE(parseSentDate("29 Feb 2023 09:00:00 +0000").has_value());
  EXPECT_TRUE(parseSentDate("29 Feb 2024 09:00:00 +0000").has_value());
  EXPECT_FALSE(parseSentDate("1 Jan 1800 09:00 +0000").has_value());  // years before 1900
  EXPECT_FALSE(parseSentDate("Monday, 01 Jan 2024 10:00 +0000").has_value());
}

}  // namespace
}  // namespace oxh::dovecot::thread
