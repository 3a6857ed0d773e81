#include "runner/scenario/duration.hpp"

#include <gtest/gtest.h>

namespace oxh::runner {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ParseDuration, Units) {
  EXPECT_EQ(parseDuration("2s"), seconds(2));
  EXPECT_EQ(parseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(parseDuration("1.5s"), milliseconds(1500));
  EXPECT_EQ(parseDuration("1m"), seconds(60));
  EXPECT_EQ(parseDuration("2min"), seconds(120));
  EXPECT_EQ(parseDuration("1h"), seconds(3600));
  EXPECT_EQ(parseDuration("100us"), std::chrono::microseconds(100));
  EXPECT_EQ(parseDuration("3"), seconds(3));
  EXPECT_EQ(parseDuration(" 2s "), seconds(2));
}

TEST(ParseDuration, RejectsNonsense) {
  EXPECT_EQ(parseDuration("soon"), std::nullopt);
  EXPECT_EQ(parseDuration(""), std::nullopt);
  EXPECT_EQ(parseDuration("2x"), std::nullopt);
  EXPECT_EQ(parseDuration("s"), std::nullopt);
  EXPECT_EQ(parseDuration("1.2.3s"), std::nullopt);
  EXPECT_EQ(parseDuration("-1s"), std::nullopt);
}

TEST(FormatDuration, ShortestForm) {
  EXPECT_EQ(formatDuration(seconds(2)), "2s");
  EXPECT_EQ(formatDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(formatDuration(milliseconds(1500)), "1.5s");
}

}  // namespace
}  // namespace oxh::runner
