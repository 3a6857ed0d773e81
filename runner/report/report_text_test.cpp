#include "runner/report/report_text.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace oxh::runner {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(ToValidUtf8, KeepsWellFormedText) {
  const std::string text = "plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf";  // é € 😀 U+10FFFF
  EXPECT_EQ(toValidUtf8(text), text);
  EXPECT_EQ(toValidUtf8(std::string("nul\0byte", 8)), std::string("nul\0byte", 8));  // NUL is valid UTF-8
}

TEST(ToValidUtf8, ReplacesEachMaximalInvalidSubpartOnce) {
  EXPECT_EQ(toValidUtf8("\x80"), kFffd);                        // stray continuation byte
  EXPECT_EQ(toValidUtf8("\xff\xfe"), kFffd + kFffd);            // bytes that never occur
  EXPECT_EQ(toValidUtf8("\xc0\x80"), kFffd + kFffd);            // overlong NUL: C0 is never a lead
  EXPECT_EQ(toValidUtf8("\xe0\x80\x80"), kFffd + kFffd + kFffd);  // overlong 3-byte form
  EXPECT_EQ(toValidUtf8("\xed\xa0\x80"), kFffd + kFffd + kFffd);  // surrogate U+D800
  EXPECT_EQ(toValidUtf8("\xf4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // above U+10FFFF
  EXPECT_EQ(toValidUtf8("\xe2\x82x"), kFffd + "x");              // truncated, then ASCII
  EXPECT_EQ(toValidUtf8("\xf0\x9f\x98"), kFffd);                 // truncated at the end
  EXPECT_EQ(toValidUtf8("a\xe2\x82\xc3\xa9"), "a" + kFffd + "\xc3\xa9");  // truncated, then valid
}

TEST(FormatSeconds, ThreeDecimalsAndSaneValues) {
  EXPECT_EQ(formatSeconds(0), "0.000");
  EXPECT_EQ(formatSeconds(1.23456), "1.235");
  EXPECT_EQ(formatSeconds(12), "12.000");
  EXPECT_EQ(formatSeconds(-1), "0.000");
  EXPECT_EQ(formatSeconds(std::numeric_limits<double>::quiet_NaN()), "0.000");
  EXPECT_EQ(formatSeconds(std::numeric_limits<double>::infinity()), "0.000");
  EXPECT_EQ(formatSeconds(std::numeric_limits<double>::max()).substr(0, 4), "1797");
}

TEST(ReportedSeconds, ClampsToFiniteNonNegative) {
  EXPECT_EQ(reportedSeconds(2.5), 2.5);
  EXPECT_EQ(reportedSeconds(-0.1), 0);
  EXPECT_EQ(reportedSeconds(std::numeric_limits<double>::quiet_NaN()), 0);
}

}  // namespace
}  // namespace oxh::runner
