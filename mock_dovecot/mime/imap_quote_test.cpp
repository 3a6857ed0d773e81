#include "mock_dovecot/mime/imap_quote.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::mime {
namespace {

std::string str(std::string_view v) {
  std::string out;
  appendString(out, v);
  return out;
}

std::string human(std::string_view v) {
  std::string out;
  appendStringForHumans(out, v);
  return out;
}

TEST(ImapQuote, QuotedUpToFourSpecialsThenLiteral) {
  EXPECT_EQ(str("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(str("\"\"\"\""), "\"\\\"\\\"\\\"\\\"\"");
  EXPECT_EQ(str("\"\"\"\"\""), "{5}\r\n\"\"\"\"\"");
}

TEST(ImapQuote, EightBitAndLineBreaksForceLiteral) {
  EXPECT_EQ(str("Gr\xC3\xBC\xC3\x9F"
                "e"),
            "{7}\r\nGr\xC3\xBC\xC3\x9F"
            "e");
  EXPECT_EQ(str("a\r\nb"), "{4}\r\na\r\nb");
}

TEST(ImapQuote, NilAndNoLf) {
  std::string out;
  appendNstring(out, std::nullopt);
  EXPECT_EQ(out, "NIL");
  out.clear();
  appendNstringNoLf(out, std::string("Tue, 3 Jan 2023\n 10:00:00"));
  EXPECT_EQ(out, "\"Tue, 3 Jan 2023 10:00:00\"");
  out.clear();
  appendNstringNoLf(out, std::string("<a@x>\n<b@x>"));
  EXPECT_EQ(out, "\"<a@x> <b@x>\"");  // a space is put in where none followed the line break
}

TEST(ImapQuote, StringForHumansCollapsesWhitespace) {
  EXPECT_EQ(human("plain"), "\"plain\"");
  EXPECT_EQ(human("Hi  there"), "{8}\r\nHi there");
  EXPECT_EQ(human("folded\n\tsubject "), "{14}\r\nfolded subject");
  EXPECT_EQ(human("   "), "\"\"");
  EXPECT_EQ(human(""), "\"\"");
  EXPECT_EQ(human(std::string_view("a\0b", 3)), "{3}\r\na\x80" "b");
}

}  // namespace
}  // namespace oxh::dovecot::mime
