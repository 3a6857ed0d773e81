#include <gtest/gtest.h>

#include <future>

#include "common/error/error.hpp"
#include "mock_apns_fcm/apns/apns_test_keys.hpp"
#include "mock_apns_fcm/apns/jwt.hpp"
#include "mock_facade/pns/apns_legacy_sender.hpp"
#include "mock_facade/pns/middleware_imap.hpp"
#include "mock_facade/pns/provider_token.hpp"
#include "mock_facade/pns/work_queue.hpp"

namespace oxh::facade::pns {
namespace {

TEST(LegacyFrame, EnhancedCommandOneLayout) {
  const std::string token(64, 'a');
  const auto frame = legacyFrame(1, 7, token, "{}");
  ASSERT_EQ(frame.size(), 1U + 4 + 4 + 2 + 32 + 2 + 2);
  EXPECT_EQ(frame[0], 1);
  EXPECT_EQ(frame.substr(1, 4), std::string("\0\0\0\x07", 4));
  EXPECT_EQ(frame.substr(5, 4), std::string(4, '\0'));
  EXPECT_EQ(frame.substr(9, 2), std::string("\0\x20", 2));
  EXPECT_EQ(frame.substr(11, 32), std::string(32, '\xaa'));
  EXPECT_EQ(frame.substr(43, 2), std::string("\0\x02", 2));
  EXPECT_EQ(frame.substr(45), "{}");
}

TEST(LegacyFrame, CommandTwoItems) {
  const auto frame = legacyFrame(2, 1, std::string(64, 'b'), "{}");
  EXPECT_EQ(frame[0], 2);
  const std::size_t items = (3 + 32) + (3 + 2) + (3 + 4) + (3 + 4) + (3 + 1);
  EXPECT_EQ(frame.substr(1, 4), std::string("\0\0\0", 3) + static_cast<char>(items));
  EXPECT_EQ(frame.size(), 5 + items);
  EXPECT_EQ(frame.back(), 10);  // priority item last
}

TEST(ProviderToken, VerifiesAsEs256WithTheKeysPublicHalf) {
  const auto key = push::apns::testing::makeP256Key();
  const auto now = std::chrono::system_clock::now();
  const auto token = makeProviderToken(key.privatePem, "ABC123DEFG", "TEAM123456", now);
  const auto parsed = push::apns::parseJwt(token);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header["alg"], "ES256");
  EXPECT_EQ(parsed->header["kid"], "ABC123DEFG");
  EXPECT_EQ(parsed->claims["iss"], "TEAM123456");
  const auto dot = token.rfind('.');
  const auto signature = push::apns::base64UrlDecode(token.substr(dot + 1));
  ASSERT_TRUE(signature);
  EXPECT_EQ(signature->size(), 64U);
  EXPECT_TRUE(push::apns::verifyEs256(key.publicPem, token.substr(0, dot), *signature));
  EXPECT_THROW(makeProviderToken("not a key", "k", "t", now), OxhException);

  ProviderTokenCache cache(key.privatePem, "ABC123DEFG", "TEAM123456");
  const auto first = cache.current(now);
  EXPECT_EQ(cache.current(now + std::chrono::minutes(49)), first);
  EXPECT_NE(cache.current(now + std::chrono::minutes(51)), first);
}

TEST(MiddlewareImap, QuotesStrings) {
  EXPECT_EQ(imapQuote(R"(a"b\c)"), R"("a\"b\\c")");
}

TEST(WorkQueue, RunsInDueOrder) {
  WorkQueue queue;
  std::vector<int> order;
  std::promise<void> done;
  const auto now = WorkQueue::Clock::now();
  queue.postAt(now + std::chrono::milliseconds(50), [&] {
    order.push_back(2);
    done.set_value();
  });
  queue.postAt(now, [&] { order.push_back(1); });
  ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  queue.stop();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace oxh::facade::pns
