#include <gtest/gtest.h>

#include "mock_dovecot/mime/message_part.hpp"

namespace oxh::dovecot::mime {
namespace {

std::string_view bodyOf(const MessagePart& p, std::string_view m) { return m.substr(p.bodyOffset, p.bodySize); }

TEST(MimeTree, MultipartWithPreambleAndEpilogue) {
  const std::string m =
      "Content-Type: multipart/mixed; boundary=b\r\n\r\npre\r\n--b\r\n\r\none\r\n--b\r\nContent-Type: text/html\r\n"
      "\r\ntwo\r\n--b--\r\nepi\r\n";
  auto root = parseMessageTree(m);
  ASSERT_TRUE(root->has(kPartMultipart));
  ASSERT_EQ(root->children.size(), 2u);
  EXPECT_EQ(bodyOf(*root->children[0], m), "one");  // the CRLF before "--b" is the boundary's
  EXPECT_EQ(bodyOf(*root->children[1], m), "two");
  EXPECT_EQ(bodyOf(*root, m), std::string_view(m).substr(m.find("\r\n\r\n") + 4));
  EXPECT_TRUE(root->children[0]->has(kPartText));
  EXPECT_TRUE(root->children[0]->has(kPartIsMime));
}

TEST(MimeTree, MissingClosingBoundaryRunsToTheEnd) {
  const std::string m = "Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n\r\nnever closed\r\n";
  auto root = parseMessageTree(m);
  ASSERT_EQ(root->children.size(), 1u);
  EXPECT_EQ(bodyOf(*root->children[0], m), "never closed\r\n");
}

TEST(MimeTree, MultipartWithoutBoundaryHasNoChildren) {
  auto root = parseMessageTree("Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\nbody\r\n");
  EXPECT_TRUE(root->has(kPartMultipart));
  EXPECT_TRUE(root->children.empty());
}

TEST(MimeTree, InnerBoundaryPrefixedByOuterOne) {
  // RFC 2046 5.1.1: only the prefix has to match; the longest active boundary wins.
  const std::string m =
      "Content-Type: multipart/mixed; boundary=ab\r\n\r\n--ab\r\nContent-Type: multipart/mixed; boundary=abc\r\n"
      "\r\n--abc\r\n\r\ninner\r\n--abc--\r\n--ab\r\n\r\nouter\r\n--ab--\r\n";
  auto root = parseMessageTree(m);
  ASSERT_EQ(root->children.size(), 2u);
  ASSERT_EQ(root->children[0]->children.size(), 1u);
  EXPECT_EQ(bodyOf(*root->children[0]->children[0], m), "inner");
  EXPECT_EQ(bodyOf(*root->children[1], m), "outer");
}

TEST(MimeTree, BoundaryEndsAPartHeader) {
  const std::string m =
      "Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Type: text/plain\r\n--q\r\n\r\nsecond\r\n--q--\r\n";
  auto root = parseMessageTree(m);
  ASSERT_EQ(root->children.size(), 2u);
  const MessagePart& first = *root->children[0];
  EXPECT_EQ(m.substr(first.headerOffset, first.headerSize), "Content-Type: text/plain");
  EXPECT_EQ(first.bodySize, 0u);
  EXPECT_FALSE(first.headerHasEmptyLine);
}

TEST(MimeTree, MessageRfc822Nesting) {
  const std::string m = "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n";
  auto root = parseMessageTree(m);
  ASSERT_TRUE(root->has(kPartMessageRfc822));
  ASSERT_EQ(root->children.size(), 1u);
  const MessagePart& inner = *root->children[0];
  ASSERT_TRUE(inner.envelope.has_value());
  EXPECT_EQ(inner.envelope->subject, "inner");
  EXPECT_EQ(bodyOf(inner, m), "inner body\r\n");
}

TEST(MimeTree, WithoutMimeVersionContentHeadersAreIgnored) {
  auto root = parseMessageTree("Content-Transfer-Encoding: base64\r\n\r\nSGk=\r\n");
  EXPECT_FALSE(root->has(kPartIsMime));
  EXPECT_FALSE(root->data.transferEncoding.has_value());
  EXPECT_TRUE(root->has(kPartText));
}

TEST(MimeTree, DigestDefaultsToMessageRfc822) {
  auto root = parseMessageTree(
      "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: one\r\n\r\nbody\r\n--d--\r\n");
  ASSERT_EQ(root->children.size(), 1u);
  EXPECT_TRUE(root->children[0]->has(kPartMessageRfc822));
}

TEST(MimeTree, LfOnlyAndCrOnlyLineEnds) {
  auto lf = parseMessageTree("Subject: a\n\nbody\n");
  EXPECT_EQ(lf->headerSize, 12u);
  // A bare CR is data, not a line end: the header never ends.
  auto cr = parseMessageTree("Subject: a\r\rbody\r");
  EXPECT_EQ(cr->headers.size(), 1u);
  EXPECT_EQ(cr->bodySize, 0u);
}

TEST(MimeTree, HugeHeaderAndFolding) {
  std::string value(100000, 'v');
  std::string m = "X-Long: " + value + "\r\nSubject: folded\r\n\tline\r\n\r\nb";
  auto root = parseMessageTree(m);
  ASSERT_EQ(root->headers.size(), 2u);
  EXPECT_EQ(root->headers[0].value, value);
  EXPECT_EQ(root->headers[1].value, "folded\n\tline");
}

TEST(MimeTree, DeepNestingStopsAtDovecotsLimit) {
  std::string m;
  for (int i = 0; i < 150; ++i) m += "Content-Type: message/rfc822\r\n\r\n";
  m += "body\r\n";
  auto root = parseMessageTree(m);
  int depth = 0;
  for (const MessagePart* p = root.get(); !p->children.empty(); p = p->children[0].get()) ++depth;
  EXPECT_EQ(depth, 99);
}

}  // namespace
}  // namespace oxh::dovecot::mime
