#include "mock_dovecot/mime/decoding.hpp"

#include <gtest/gtest.h>

#include "mock_dovecot/mime/charset.hpp"
#include "mock_dovecot/mime/html_to_text.hpp"
#include "mock_dovecot/mime/message_date.hpp"
#include "mock_dovecot/mime/parsed_message.hpp"

namespace oxh::dovecot::mime {
namespace {

TEST(Decoding, QuotedPrintable) {
  EXPECT_EQ(decodeQuotedPrintable("Gr=C3=BC=c3=9Fe  \r\nsoft=\r\nbreak\r\n"), "Gr\xC3\xBC\xC3\x9F" "e\r\nsoftbreak\r\n");
  EXPECT_EQ(decodeQuotedPrintable("bad =ZZ and =4"), "bad =ZZ and =4");
}

TEST(Decoding, Base64) {
  EXPECT_EQ(decodeBase64("SGVs\r\nbG8=\r\n"), "Hello");
  EXPECT_EQ(decodeBase64("SGk*garbage"), "Hi");
}

TEST(Decoding, Rfc2047Words) {
  EXPECT_EQ(decodeHeaderValue("=?utf-8?q?J=C3=BCrgen?= <j@x>"), "J\xC3\xBCrgen <j@x>");
  EXPECT_EQ(decodeHeaderValue("=?utf-8?q?a?= =?utf-8?b?Yg==?= c"), "ab c");  // RFC 2047 6.2
  EXPECT_EQ(decodeHeaderValue("=?iso-8859-1?q?J=FCrgen_M=FCller?="), "J\xC3\xBCrgen M\xC3\xBCller");
  EXPECT_EQ(decodeHeaderValue("=?ISO-8859-15?Q?=A4?="), "\xE2\x82\xAC");
  EXPECT_EQ(decodeHeaderValue("=?windows-1252?q?=93x=94?="), "\xE2\x80\x9Cx\xE2\x80\x9D");
  EXPECT_EQ(decodeHeaderValue("=?utf-8*de?q?x?="), "x");
  EXPECT_EQ(decodeHeaderValue("=?broken"), "=?broken");
  EXPECT_EQ(decodeHeaderValue("a\r\n b"), "a b");
}

TEST(Decoding, CharsetConversion) {
  EXPECT_EQ(toUtf8("\xF6", "ISO-8859-1"), "\xC3\xB6");
  EXPECT_EQ(toUtf8("ok \xFF", "utf-8"), "ok \xEF\xBF\xBD");
  EXPECT_EQ(toUtf8("\xE4", "x-unknown"), "\xEF\xBF\xBD");
  EXPECT_EQ(toUtf8("\x8E\x9A", "koi8-r"), "\xE2\x96\x8C\xC2\xA0");  // through glibc iconv
}

TEST(HtmlToText, TagsEntitiesAndSkippedBlocks) {
  EXPECT_EQ(htmlToText("<p>Hello&nbsp;<i>HTML</i> &lt;3 &#x263A;</p>"), "Hello\xC2\xA0 HTML  <3 \xE2\x98\xBA ");
  EXPECT_EQ(htmlToText("a<!-- x -->b<script>s</script>c<style>t</style>d"), "ab c d");
  EXPECT_EQ(htmlToText("AT&T rocks"), "ATT rocks");  // a broken entity loses its '&'
  EXPECT_EQ(htmlToText("<blockquote>q</blockquote>x"), "\n> q\nx");  // quoted for the snippet
}

TEST(MessageDate, Rfc5322AndObsoleteForms) {
  EXPECT_EQ(parseMessageDate("Mon, 02 Jan 2023 10:11:12 +0100"), 1672650672);
  EXPECT_EQ(parseMessageDate("2 Jan 2023 09:11:12 GMT"), 1672650672);
  EXPECT_EQ(parseMessageDate("Mon, 2 Jan 23 04:11:12 EST"), 1672650672);
  EXPECT_EQ(parseMessageDate("Mon, 2 Jan 2023 02:11:12 PDT (comment)"), 1672650672);
  EXPECT_EQ(parseMessageDate("Mon, 2 Jan 2023 09:11 XYZ"), 1672650660);  // unknown zone = +0000
  EXPECT_EQ(parseMessageDate("1 Jan 70 00:00:00 +0000"), 0);
  EXPECT_FALSE(parseMessageDate("yesterday").has_value());
  EXPECT_FALSE(parseMessageDate("Mon, 2 Foo 2023 10:00:00 +0000").has_value());
}

TEST(MessageDate, SentDateUsesTheFirstDateHeader) {
  ParsedMessage m("Date: Thu, 1 Jan 1970 00:01:00 +0000\r\nDate: Fri, 2 Jan 1970 00:00:00 +0000\r\n\r\n");
  EXPECT_EQ(m.sentDate(), 60);
  EXPECT_FALSE(ParsedMessage("Subject: x\r\n\r\n").sentDate().has_value());
}

}  // namespace
}  // namespace oxh::dovecot::mime
