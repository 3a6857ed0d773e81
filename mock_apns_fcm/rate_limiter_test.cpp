#include "mock_apns_fcm/rate_limiter.hpp"

#include <gtest/gtest.h>

#include "common/error/error.hpp"

namespace oxh::push {
namespace {

using namespace std::chrono_literals;

const auto kStart = std::chrono::system_clock::time_point(1000h);

TEST(RateLimiterTest, OffByDefault) {
  RateLimiter limiter;
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(limiter.admit("t", kStart));
  }
}

TEST(RateLimiterTest, SlidingWindowPerToken) {
  RateLimiter limiter({2, 1000ms});
  EXPECT_TRUE(limiter.admit("t", kStart));
  EXPECT_TRUE(limiter.admit("t", kStart + 100ms));
  EXPECT_FALSE(limiter.admit("t", kStart + 200ms));
  EXPECT_TRUE(limiter.admit("other", kStart + 200ms));  // per token
  EXPECT_FALSE(limiter.admit("t", kStart + 999ms));
  EXPECT_TRUE(limiter.admit("t", kStart + 1000ms));  // the first push left the window
  EXPECT_FALSE(limiter.admit("t", kStart + 1050ms));
  EXPECT_TRUE(limiter.admit("t", kStart + 1100ms));  // the second one left too
}

TEST(RateLimiterTest, RefusedPushesDoNotCount) {
  RateLimiter limiter({1, 1000ms});
  EXPECT_TRUE(limiter.admit("t", kStart));
  for (int i = 1; i < 10; ++i) {
    EXPECT_FALSE(limiter.admit("t", kStart + std::chrono::milliseconds(i * 50)));
  }
  EXPECT_TRUE(limiter.admit("t", kStart + 1000ms));
}

TEST(RateLimiterTest, SetLimitAndClearForgetCounts) {
  RateLimiter limiter({1, 1000ms});
  EXPECT_TRUE(limiter.admit("t", kStart));
  limiter.clear();
  EXPECT_TRUE(limiter.admit("t", kStart));
  limiter.setLimit({});
  EXPECT_TRUE(limiter.admit("t", kStart));
  EXPECT_FALSE(limiter.limit().enabled());
}

TEST(RateLimiterTest, ParsesJsonAndRejectsBadInput) {
  const auto limit = RateLimit::fromJson({{"max", 3}, {"window_ms", 500}});
  EXPECT_EQ(limit.maxPushes, 3U);
  EXPECT_EQ(limit.window, 500ms);
  EXPECT_EQ(limit.toJson(), (nlohmann::json{{"max", 3}, {"window_ms", 500}}));
  EXPECT_THROW(RateLimit::fromJson({{"max", -1}}), OxhException);
  EXPECT_THROW(RateLimit::fromJson({{"max", "3"}}), OxhException);
  EXPECT_THROW(RateLimit::fromJson({{"maximum", 3}}), OxhException);
  EXPECT_THROW(RateLimit::fromJson({{"max", 3}, {"window_ms", 0}}), OxhException);
  EXPECT_THROW(RateLimit::fromJson(nlohmann::json::array()), OxhException);
}

}  // namespace
}  // namespace oxh::push
