#include "runner/report/xml_writer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace oxh::runner {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(EscapeXml, EscapesAllFiveSpecials) {
  EXPECT_EQ(escapeXml("&<>\"'", XmlContext::Text), "&amp;&lt;&gt;&quot;&apos;");
  EXPECT_EQ(escapeXml("&<>\"'", XmlContext::Attribute), "&amp;&lt;&gt;&quot;&apos;");
  EXPECT_EQ(escapeXml("x]]>y", XmlContext::Text), "x]]&gt;y");
  EXPECT_EQ(escapeXml("&amp;", XmlContext::Text), "&amp;amp;");  // no double-escape shortcuts
}

TEST(EscapeXml, WhitespaceSurvivesNormalization) {
  EXPECT_EQ(escapeXml("a\tb\nc\rd", XmlContext::Attribute), "a&#9;b&#10;c&#13;d");
  EXPECT_EQ(escapeXml("a\tb\nc\r\nd", XmlContext::Text), "a\tb\nc&#13;\nd");
}

TEST(EscapeXml, ForbiddenControlBytesBecomeControlPictures) {
  EXPECT_EQ(escapeXml(std::string("\0", 1), XmlContext::Text), "\xE2\x90\x80");  // U+2400
  EXPECT_EQ(escapeXml("\x01", XmlContext::Text), "\xE2\x90\x81");
  EXPECT_EQ(escapeXml("\x1b[0m", XmlContext::Attribute), "\xE2\x90\x9B[0m");  // U+241B
  EXPECT_EQ(escapeXml("\x1f", XmlContext::Text), "\xE2\x90\x9F");
  EXPECT_EQ(escapeXml("\x7f", XmlContext::Text), "\x7f");  // DEL is allowed in XML 1.0
}

TEST(EscapeXml, InvalidUtf8AndNonCharactersBecomeReplacementCharacter) {
  EXPECT_EQ(escapeXml("a\xff" "b", XmlContext::Text), "a" + kFffd + "b");
  EXPECT_EQ(escapeXml("\xed\xa0\x80", XmlContext::Text), kFffd + kFffd + kFffd);
  EXPECT_EQ(escapeXml("\xef\xbf\xbe\xef\xbf\xbf", XmlContext::Text), kFffd + kFffd);  // U+FFFE, U+FFFF
  EXPECT_EQ(escapeXml("\xef\xbf\xbd\xc3\xa9", XmlContext::Text), kFffd + "\xc3\xa9");  // valid stays
  EXPECT_EQ(escapeXml("\xef\xbf", XmlContext::Text), kFffd);  // truncated at the end: no overread
}

TEST(XmlWriter, NestsIndentsAndSelfCloses) {
  XmlWriter xml;
  xml.open("a").attribute("k", "v<").open("b").close().open("c").text("t&").close().close();
  EXPECT_EQ(xml.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<a k=\"v&lt;\">\n  <b/>\n  <c>t&amp;</c>\n</a>\n");
}

TEST(XmlWriter, NoIndentationInsideText) {
  XmlWriter xml;
  xml.open("a").text("x").open("b").close().close();
  EXPECT_EQ(xml.finish(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>x<b/></a>\n");
}

TEST(XmlWriter, FinishClosesOpenElements) {
  XmlWriter xml;
  xml.open("a").open("b").text("x");
  EXPECT_EQ(xml.finish(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\n  <b>x</b>\n</a>\n");
}

TEST(XmlWriter, RejectsMisuse) {
  XmlWriter xml;
  EXPECT_THROW(xml.close(), std::logic_error);
  EXPECT_THROW(xml.text("x"), std::logic_error);
  xml.open("a").text("x");
  EXPECT_THROW(xml.attribute("k", "v"), std::logic_error);
}

}  // namespace
}  // namespace oxh::runner
