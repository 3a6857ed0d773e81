#include "mock_dovecot/imap/command_parser.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::imap {
namespace {

// Feeds `input` one byte at a time and collects every outcome except kNeedMore.
std::vector<ParseOutcome> parseByteByByte(const std::string& input, const LiteralPolicy& policy = {}) {
  CommandParser parser(65536);
  std::vector<ParseOutcome> out;
  for (char c : input) {
    parser.feed(std::string_view(&c, 1));
    for (;;) {
      ParseOutcome outcome = parser.poll(policy);
      if (outcome.kind == ParseOutcome::Kind::kNeedMore) {
        break;
      }
      out.push_back(std::move(outcome));
    }
  }
  return out;
}

TEST(CommandParser, TagNameAndArgumentsWithListsAndQuotedStrings) {
  auto out = parseByteByByte("a1 SETMETADATA INBOX (/private/comment \"a \\\"b\\\" \\\\c\")\r\n");
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, ParseOutcome::Kind::kCommand);
  EXPECT_EQ(out[0].tag, "a1");
  EXPECT_EQ(out[0].name, "SETMETADATA");
  ASSERT_EQ(out[0].args.size(), 2U);
  EXPECT_EQ(out[0].args[0].value, "INBOX");
  ASSERT_TRUE(out[0].args[1].isList());
  EXPECT_EQ(out[0].args[1].list[1].value, "a \"b\" \\c");
  EXPECT_EQ(out[0].args[1].list[1].type, ImapArg::Type::kQuoted);
}

TEST(CommandParser, SynchronizingLiteralAsksForContinuation) {
  auto out = parseByteByByte("a1 LOGIN {5}\r\nalice secret\r\n");
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].kind, ParseOutcome::Kind::kContinue);
  EXPECT_EQ(out[1].kind, ParseOutcome::Kind::kCommand);
  EXPECT_EQ(out[1].args[0].type, ImapArg::Type::kLiteral);
  EXPECT_EQ(out[1].args[0].value, "alice");
  EXPECT_EQ(out[1].args[1].value, "secret");
}

TEST(CommandParser, NonSynchronizingLiteralAndPipelining) {
  auto out = parseByteByByte("a1 LOGIN {5+}\r\nalice {6+}\r\nsecret\r\na2 NOOP\r\na3 UID FETCH 1 FLAGS\r\n");
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0].args[1].value, "secret");
  EXPECT_EQ(out[1].name, "NOOP");
  EXPECT_EQ(out[2].name, "UID FETCH");
  EXPECT_EQ(out[2].args.size(), 2U);
}

TEST(CommandParser, RefusedLiteralIsNeverBuffered) {
  int asked = 0;
  LiteralPolicy refuse = [&asked](const LiteralRequest& request) {
    ++asked;
    EXPECT_EQ(request.size, 5000000000ULL);
    EXPECT_EQ(request.argsSoFar.size(), 1U);
    return LiteralVerdict{LiteralVerdict::Kind::kRejected, {}};
  };
  CommandParser parser(65536);
  parser.feed("a1 APPEND INBOX {5000000000+}\r\n");
  EXPECT_EQ(parser.poll(refuse).kind, ParseOutcome::Kind::kRejected);
  parser.feed(std::string(100000, 'x'));  // the client sends the bytes anyway: skipped
  EXPECT_EQ(parser.poll(refuse).kind, ParseOutcome::Kind::kNeedMore);
  EXPECT_EQ(parser.buffered(), 0U);
  EXPECT_EQ(asked, 1);
}

TEST(CommandParser, DovecotsErrorTexts) {
  auto text = [](const std::string& line) {
    auto out = parseByteByByte(line);
    return out.empty() ? std::string("<none>") : out[0].message;
  };
  EXPECT_EQ(text("a1 SELECT \"INBOX\r\n"), "Missing '\"'");
  EXPECT_EQ(text("a1 LIST )\r\n"), "Unexpected ')'");
  EXPECT_EQ(text("a1 NOOP (\r\n"), "Missing ')'");
  EXPECT_EQ(text("a1 SELECT {5x}\r\n"), "Invalid literal size");
  EXPECT_EQ(text("a1 SELECT {5+5}\r\n"), "Expecting '}' after '+'");
  EXPECT_EQ(text("a1 SELECT a\"b\r\n"), "Invalid characters in atom");
  EXPECT_EQ(text("a1 SE(ECT\r\n"), "Invalid command name.");
  auto tag = parseByteByByte("\r\n");
  ASSERT_EQ(tag.size(), 1U);
  EXPECT_EQ(tag[0].kind, ParseOutcome::Kind::kTagError);
  EXPECT_EQ(tag[0].message, "Invalid tag.");
}

TEST(CommandParser, OverlongLineIsAnsweredWithoutBufferingIt) {
  CommandParser parser(100);
  parser.feed("a1 SELECT " + std::string(200, 'x'));
  ParseOutcome outcome = parser.poll({});
  EXPECT_EQ(outcome.kind, ParseOutcome::Kind::kError);
  EXPECT_EQ(outcome.message, "Too long argument.");
  parser.feed(std::string(500, 'y') + "\r\na2 NOOP\r\n");
  outcome = parser.poll({});
  EXPECT_EQ(outcome.kind, ParseOutcome::Kind::kCommand);
  EXPECT_EQ(outcome.tag, "a2");
}

}  // namespace
}  // namespace oxh::dovecot::imap
