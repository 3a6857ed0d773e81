#include "mock_dovecot/mime/rfc822_tokenizer.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::mime {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

Params paramsOf(std::string_view value, std::string* type = nullptr, bool* broken = nullptr) {
  Rfc822Tokenizer tok(value);
  tok.skipLwsp();
  std::string ct;
  if (tok.contentType(ct) < 0) return {};
  if (type != nullptr) *type = ct;
  return parseMimeParameters(tok, broken);
}

TEST(Rfc822Tokenizer, ContentTypeKeepsCaseAndSkipsComments) {
  std::string type;
  Params p = paramsOf("Text/PLAIN (comment) ; CHARSET=\"UTF-8\"; format=flowed", &type);
  EXPECT_EQ(type, "Text/PLAIN");
  EXPECT_EQ(p, (Params{{"CHARSET", "UTF-8"}, {"format", "flowed"}}));
}

TEST(Rfc822Tokenizer, ContentTypeWithJunkAfterSubtypeIsInvalid) {
  Rfc822Tokenizer tok("text/plain garbage");
  std::string ct;
  EXPECT_LT(tok.contentType(ct), 0);
  EXPECT_EQ(ct, "");
  Rfc822Tokenizer noSlash("text");
  EXPECT_LT(noSlash.contentType(ct), 0);
}

TEST(Rfc822Tokenizer, Rfc2231ContinuationsAreMergedInIndexOrder) {
  Params p = paramsOf("application/x; name*1=\"b.txt\"; name*0=\"a\"");
  EXPECT_EQ(p, (Params{{"name", "ab.txt"}}));
}

TEST(Rfc822Tokenizer, Rfc2231ExtendedValueKeepsItsEncoding) {
  Params p = paramsOf("text/plain; title*=utf-8''%E2%82%AC");
  EXPECT_EQ(p, (Params{{"title*", "utf-8''%E2%82%AC"}}));
  // Mixed extended and plain segments: plain ones get '%' escaped, and "''" is prepended.
  Params mixed = paramsOf("text/plain; t*0=\"50%\"; t*1*=%20x");
  EXPECT_EQ(mixed, (Params{{"t*", "''50%25%20x"}}));
}

TEST(Rfc822Tokenizer, Rfc2231GapKeepsSegmentsApart) {
  Params p = paramsOf("text/plain; n*0=a; n*2=c");
  EXPECT_EQ(p, (Params{{"n*0", "a"}, {"n*2", "c"}}));
}

TEST(Rfc822Tokenizer, BrokenParameterLosesTheRest) {
  // Dovecot skips one byte after a broken parameter: that is the next ';', so every later
  // parameter is lost too.
  bool broken = false;
  Params p = paramsOf("text/plain; a=1; junk; charset=utf-8", nullptr, &broken);
  EXPECT_TRUE(broken);
  EXPECT_EQ(p, (Params{{"a", "1"}}));
}

TEST(Rfc822Tokenizer, EncodedWordValueWorkaround) {
  Params p = paramsOf("text/plain; name==?utf-8?b?w7w=?=; x=1");
  EXPECT_EQ(p, (Params{{"name", "=?utf-8?b?w7w=?="}, {"x", "1"}}));
}

TEST(Rfc822Tokenizer, QuotedStringDropsBackslashAndFolding) {
  Rfc822Tokenizer tok("\"a \\\"b\\\"\r\n c\"");
  std::string out;
  EXPECT_EQ(tok.quotedString(out), 0);
  EXPECT_EQ(out, "a \"b\" c");
}

TEST(Rfc822Tokenizer, UnterminatedCommentIsAnError) {
  Rfc822Tokenizer tok("(never closed");
  EXPECT_EQ(tok.skipLwsp(), -1);
}

}  // namespace
}  // namespace oxh::dovecot::mime
