#include "mock_dovecot/mime/parsed_message.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::mime {
namespace {

// Expected strings below were checked against Dovecot 2.3.19 with the conformance corpus.

TEST(ParsedMessage, HeadersAreCaseInsensitiveAndUnfolded) {
  ParsedMessage m("subject: first\r\n  folded\r\nX-A: 1\r\nSUBJECT: second\r\n\r\nbody\r\n");
  EXPECT_EQ(m.header("Subject"), "first  folded");
  EXPECT_EQ(m.headers("subject"), (std::vector<std::string>{"first  folded", "second"}));
  EXPECT_FALSE(m.header("Missing").has_value());
}

TEST(ParsedMessage, EnvelopeOfAPlainMessage) {
  ParsedMessage m(
      "From: \"Joe Q.\" <joe@example.net>\r\nTo: undisclosed-recipients:;\r\nSubject: Hi  there\r\n"
      "Date: Mon, 1 Jan 2024 10:00:00 +0100\r\nMessage-ID: <1@x>\r\n\r\nHello\r\n");
  EXPECT_EQ(m.envelope(),
            "(\"Mon, 1 Jan 2024 10:00:00 +0100\" {8}\r\nHi there ((\"Joe Q.\" NIL \"joe\" \"example.net\")) "
            "((\"Joe Q.\" NIL \"joe\" \"example.net\")) ((\"Joe Q.\" NIL \"joe\" \"example.net\")) "
            "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL \"<1@x>\")");
}

TEST(ParsedMessage, EnvelopeUsesTheLastSubject) {
  ParsedMessage m("Subject: one\r\nSubject: two\r\n\r\n");
  EXPECT_EQ(m.envelope(), "(NIL \"two\" NIL NIL NIL NIL NIL NIL NIL NIL)");
}

TEST(ParsedMessage, BodyStructureOfTextDefaults) {
  ParsedMessage m("Subject: x\r\n\r\nline 1\r\nline 2\r\n");
  EXPECT_EQ(m.bodyStructure(false), R"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 16 2))");
  EXPECT_EQ(m.bodyStructure(true), R"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 16 2 NIL NIL NIL NIL))");
  EXPECT_EQ(m.size(), 30u);
}

TEST(ParsedMessage, BodyStructureOfMultipartWithExtensions) {
  ParsedMessage m(
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n--XYZ\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\nhi\r\n--XYZ\r\nContent-Type: application/pdf; name=a.pdf\r\n"
      "Content-Disposition: attachment; filename=a.pdf\r\nContent-Language: de, en\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nJVBE\r\n--XYZ--\r\n");
  EXPECT_EQ(m.bodyStructure(true),
            "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 2 0 NIL NIL NIL NIL)"
            "(\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL NIL \"base64\" 4 NIL (\"attachment\" "
            "(\"filename\" \"a.pdf\")) (\"de\" \"en\") NIL) \"mixed\" (\"boundary\" \"XYZ\") NIL NIL NIL)");
  EXPECT_EQ(m.bodyStructure(false),
            "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 2 0)"
            "(\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL NIL \"base64\" 4) \"mixed\")");
}

TEST(ParsedMessage, MultipartWithoutPartsShowsAnEmptyTextPart) {
  ParsedMessage m("Content-Type: multipart/mixed\r\n\r\nnothing\r\n");
  EXPECT_EQ(m.bodyStructure(false), R"((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0) "mixed"))");
}

TEST(ParsedMessage, MessageRfc822PartCarriesEnvelopeAndLines) {
  ParsedMessage m("Content-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nbody\r\n");
  EXPECT_EQ(m.bodyStructure(false),
            "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 21 (NIL \"in\" NIL NIL NIL NIL NIL NIL NIL NIL) "
            "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 1) 3)");
}

TEST(ParsedMessage, Sections) {
  ParsedMessage m(
      "Subject: s\r\nFrom: f@x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n"
      "\r\none\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--b--\r\n");
  EXPECT_EQ(m.section("1"), "one");
  EXPECT_EQ(m.section("1.MIME"), "Content-Type: text/plain\r\n\r\n");
  EXPECT_EQ(m.section("2.HEADER"), "Subject: inner\r\n\r\n");
  EXPECT_EQ(m.section("2.text"), "inner body");
  EXPECT_EQ(m.section("2.1"), "inner body");
  EXPECT_EQ(m.section("2.MIME"), "Content-Type: message/rfc822\r\n\r\n");
  EXPECT_EQ(m.section("HEADER.FIELDS (SUBJECT)"), "Subject: s\r\n\r\n");
  EXPECT_EQ(m.section("HEADER.FIELDS.NOT (SUBJECT CONTENT-TYPE)"), "From: f@x\r\n\r\n");
  EXPECT_FALSE(m.section("1.HEADER").has_value());  // not a message/rfc822 part
  EXPECT_FALSE(m.section("3").has_value());
  EXPECT_FALSE(m.section("MIME").has_value());
  EXPECT_FALSE(m.section("1.").has_value());
  EXPECT_EQ(m.section(""), m.raw());
}

TEST(ParsedMessage, SectionOneOfASinglePartMessageIsItsBody) {
  ParsedMessage m("Subject: x\r\n\r\nbody\r\n");
  EXPECT_EQ(m.section("1"), "body\r\n");
  EXPECT_FALSE(m.section("1.1").has_value());
  EXPECT_FALSE(m.section("2").has_value());
}

TEST(ParsedMessage, HeaderFieldsNotWithoutEmptyLine) {
  ParsedMessage m("Subject: s\r\nFrom: f@x\r\n");
  EXPECT_EQ(m.section("HEADER.FIELDS.NOT (SUBJECT)"), "From: f@x\r\n");
  EXPECT_EQ(m.section("HEADER.FIELDS (SUBJECT)"), "Subject: s\r\n\r\n");
}

TEST(ParsedMessage, LfOnlyInputCountsAsCrlf) {
  ParsedMessage m("Subject: x\n\nbody\n");
  EXPECT_EQ(m.size(), 20u);
  EXPECT_EQ(m.section("TEXT"), "body\r\n");
}

TEST(ParsedMessage, SnippetCollapsesWhitespaceAndSkipsQuotes) {
  EXPECT_EQ(ParsedMessage("Subject: x\r\n\r\n> quoted\r\n\r\n  Actual\treply \r\n text.\r\n").snippet(),
            "Actual reply text.");
  EXPECT_EQ(ParsedMessage("Subject: x\r\n\r\n> all quoted\r\n> really\r\n").snippet(), ">all quoted really");
  EXPECT_EQ(ParsedMessage("Subject: x\r\n").snippet(), "");
}

TEST(ParsedMessage, SnippetIsAtMost200Characters) {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "\xC3\xBC word ";
  std::string s = ParsedMessage("Subject: x\r\n\r\n" + body).snippet();
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  EXPECT_EQ(chars, 200u);
  EXPECT_NE(s.back(), ' ');
}

TEST(ParsedMessage, SnippetPrefersPlainInAlternativeAndDecodes) {
  ParsedMessage m(
      "Content-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n"
      "--a\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
      "Gr=FC=DFe\r\n--a--\r\n");
  EXPECT_EQ(m.snippet(), "Gr\xC3\xBC\xC3\x9F" "e");
  EXPECT_EQ(ParsedMessage("Content-Type: text/html\r\n\r\n<b>bold</b> &amp; more").snippet(), "bold & more");
  EXPECT_EQ(ParsedMessage("Content-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\ninner\r\n").snippet(), "");
}

TEST(ParsedMessage, BodyTextDecodesTextParts) {
  ParsedMessage m(
      "Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nR3LDvMOfZQ==\r\n--a\r\nContent-Type: image/png\r\n\r\nPNG\r\n--a--\r\n");
  EXPECT_EQ(m.bodyText(), "Gr\xC3\xBC\xC3\x9F" "e");
}

TEST(ParsedMessage, MovedMessageStillWorks) {
  ParsedMessage a("Subject: x\r\n\r\nb\r\n");
  ParsedMessage b(std::move(a));
  EXPECT_EQ(b.header("Subject"), "x");
}

}  // namespace
}  // namespace oxh::dovecot::mime
