#include "common/clients/imap_match.hpp"

#include <gtest/gtest.h>

#include "common/clients/imap_tokens.hpp"

namespace oxh::clients::imap {
namespace {

TEST(ImapTokensTest, LiteralsQuotedListsAndCodes) {
  auto tokens = tokenize("* METADATA \"\" (/private/x {8}\r\nuser=3@1) [LONGENTRIES 5] BODY[HEADER.FIELDS (FROM)]");
  ASSERT_EQ(tokens.size(), 6U);
  EXPECT_EQ(tokens[2].type, Token::Type::Quoted);
  EXPECT_EQ(tokens[2].text, "");
  ASSERT_EQ(tokens[3].type, Token::Type::List);
  ASSERT_EQ(tokens[3].children.size(), 2U);
  EXPECT_EQ(tokens[3].children[1].type, Token::Type::Literal);
  EXPECT_EQ(tokens[3].children[1].text, "user=3@1");
  EXPECT_EQ(tokens[4].type, Token::Type::Bracket);
  EXPECT_EQ(tokens[5].text, "BODY[HEADER.FIELDS (FROM)]");
}

TEST(ImapTokensTest, LiteralContainingParenthesesStaysOneToken) {
  auto tokens = tokenize("* 1 FETCH (BODY[] {5}\r\n(a) b)");
  ASSERT_EQ(tokens.size(), 4U);
  ASSERT_EQ(tokens[3].children.size(), 2U);
  EXPECT_EQ(tokens[3].children[1].text, "(a) b");
}

TEST(ImapMatchTest, CapturesAndRest) {
  auto captures = matchResponse("* OK [UIDVALIDITY $uv] ...", "* OK [UIDVALIDITY 1795912989] UIDs valid");
  ASSERT_TRUE(captures);
  EXPECT_EQ(captures->at("uv"), "1795912989");
  EXPECT_FALSE(matchResponse("* OK [UIDNEXT $n] ...", "* OK [UIDVALIDITY 17] UIDs valid"));
}

TEST(ImapMatchTest, BoundCaptureMustBeEqual) {
  EXPECT_TRUE(matchResponse("* $n EXISTS", "* 17 EXISTS", {{"n", "17"}}));
  EXPECT_FALSE(matchResponse("* $n EXISTS", "* 18 EXISTS", {{"n", "17"}}));
}

TEST(ImapMatchTest, ListsAreUnorderedUnlessAsked) {
  EXPECT_TRUE(matchResponse("* FLAGS (\\Seen \\Answered)", "* FLAGS (\\Answered \\Seen)"));
  EXPECT_FALSE(matchResponse("* FLAGS (\\Seen \\Answered)", "* FLAGS (\\Answered \\Seen)", {}, {.ordered = true}));
  EXPECT_FALSE(matchResponse("* FLAGS (\\Seen)", "* FLAGS (\\Answered \\Seen)"));
  EXPECT_TRUE(matchResponse("* FLAGS (\\Seen ...)", "* FLAGS (\\Answered \\Seen)"));
}

TEST(ImapMatchTest, StringsMatchLiteralsByValueButCaseMatters) {
  const char* response = "* METADATA \"\" (/private/vendor/vendor.dovecot/http-notify {8}\r\nuser=3@1)";
  EXPECT_TRUE(matchResponse("* METADATA \"\" (/private/vendor/vendor.dovecot/http-notify \"user=3@1\")", response));
  EXPECT_FALSE(matchResponse("* METADATA \"\" (/private/vendor/vendor.dovecot/http-notify \"USER=3@1\")", response));
  EXPECT_TRUE(matchResponse("* metadata \"\" ($entry $value)", response));
}

TEST(ImapMatchTest, TopLevelOrderAndLengthMatter) {
  EXPECT_FALSE(matchResponse("* EXISTS 3", "* 3 EXISTS"));
  EXPECT_FALSE(matchResponse("* 3", "* 3 EXISTS"));
  EXPECT_FALSE(matchResponse("* 3 EXISTS now", "* 3 EXISTS"));
}

}  // namespace
}  // namespace oxh::clients::imap

#include "common/clients/imap_response.hpp"

namespace oxh::clients::imap {
namespace {

TEST(ImapResponseTest, ClassifiesLines) {
  EXPECT_EQ(parseResponse("* 3 EXISTS").type, "untagged");
  EXPECT_EQ(parseResponse("* OK [UIDNEXT 4] Predicted").status, "OK");
  EXPECT_EQ(parseResponse("+ idling").type, "continuation");
  const auto tagged = parseResponse("a001 NO [CANNOT] nope");
  EXPECT_EQ(tagged.type, "tagged");
  EXPECT_EQ(tagged.tag, "a001");
  EXPECT_EQ(tagged.status, "NO");
}

TEST(ImapResponseTest, FindsAnnouncedLiterals) {
  EXPECT_EQ(literalSizeAtEnd("* METADATA \"\" (/x {20}\r\n"), 20U);
  EXPECT_EQ(literalSizeAtEnd("a SETMETADATA x (/y {3+}\r\n"), 3U);
  EXPECT_FALSE(literalSizeAtEnd("* OK {abc}\r\n"));
  EXPECT_FALSE(literalSizeAtEnd("* OK done\r\n"));
}

TEST(ImapResponseTest, SplitsOnlyAtSynchronizingLiterals) {
  auto parts = splitAtSynchronizingLiterals("a1 SETMETADATA \"\" (/private/a {3}\r\nabc /private/b {2+}\r\nde)");
  ASSERT_EQ(parts.size(), 2U);
  EXPECT_EQ(parts[0], "a1 SETMETADATA \"\" (/private/a {3}\r\n");
  EXPECT_EQ(parts[1], "abc /private/b {2+}\r\nde)");
}

TEST(ImapResponseTest, MasksPasswords) {
  EXPECT_EQ(maskSecrets("a1 LOGIN alice secret"), "a1 LOGIN alice ***");
  EXPECT_EQ(printable("a\r\n\x01"), "a\\r\\n\\x01");
}

}  // namespace
}  // namespace oxh::clients::imap
