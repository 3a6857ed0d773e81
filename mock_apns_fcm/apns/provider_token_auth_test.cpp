#include "mock_apns_fcm/apns/provider_token_auth.hpp"

#include <gtest/gtest.h>

#include "mock_apns_fcm/apns/apns_test_keys.hpp"
#include "mock_apns_fcm/apns/jwt.hpp"

namespace oxh::push::apns {
namespace {

using testing::makeP256Key;
using testing::providerToken;

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

class ProviderTokenAuthTest : public ::testing::Test {
 protected:
  void SetUp() override { keys_.add({"TEAM123456", "ABC123DEFG", key_.publicPem, {"com.x"}, std::nullopt}); }
  TokenAuthResult check(const std::optional<std::string>& header, const std::string& topic = "com.x",
                        std::chrono::system_clock::time_point now = kNow) {
    return checkProviderToken(keys_, header, topic, Environment::Sandbox, state_, now);
  }
  std::string bearer(std::chrono::system_clock::time_point iat = kNow, const std::string& kid = "ABC123DEFG") {
    return "bearer " + providerToken(key_, "TEAM123456", kid, iat);
  }

  testing::TestKey key_ = makeP256Key();
  ProviderKeys keys_;
  TokenAuthState state_;
};

TEST_F(ProviderTokenAuthTest, AcceptsAValidTokenWithTyp) {
  const auto token = bearer();
  const auto result = check(token);
  EXPECT_FALSE(result.rejection) << result.detail;
  EXPECT_EQ(result.teamId, "TEAM123456");
  EXPECT_EQ(state_.teamId, "TEAM123456");
  // The key covers the bundle's push-type topics too (same token: ES256 signatures are
  // randomized, so every signing is a new token).
  EXPECT_FALSE(check(token, "com.x.voip").rejection);
}

TEST_F(ProviderTokenAuthTest, MissingAndMalformedTokens) {
  EXPECT_EQ(check(std::nullopt).rejection, Reason::MissingProviderToken);
  EXPECT_EQ(check("").rejection, Reason::MissingProviderToken);
  EXPECT_EQ(check("basic abc").rejection, Reason::MissingProviderToken);
  EXPECT_EQ(check("bearer not.a.jwt!").rejection, Reason::InvalidProviderToken);
}

TEST_F(ProviderTokenAuthTest, RejectsUnknownKidBadSignatureWrongAlgAndTopic) {
  EXPECT_EQ(check(bearer(kNow, "ZZZ")).rejection, Reason::InvalidProviderToken);
  auto token = bearer();
  token[token.size() - 3] = token[token.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(check(token).rejection, Reason::InvalidProviderToken);
  const auto other = makeP256Key();
  EXPECT_EQ(check("bearer " + providerToken(other, "TEAM123456", "ABC123DEFG", kNow)).rejection,
            Reason::InvalidProviderToken);
  const auto hs256 = signEs256Jwt({{"alg", "HS256"}, {"kid", "ABC123DEFG"}}, {{"iss", "TEAM123456"}, {"iat", 1}},
                                  key_.privatePem);
  EXPECT_EQ(check("bearer " + hs256).rejection, Reason::InvalidProviderToken);
  EXPECT_EQ(check(bearer(), "com.other").rejection, Reason::InvalidProviderToken);
}

TEST_F(ProviderTokenAuthTest, ExpiresAfterOneHour) {
  EXPECT_FALSE(check(bearer(kNow - std::chrono::minutes(59))).rejection);
  TokenAuthState fresh;
  const auto old = checkProviderToken(keys_, bearer(kNow - std::chrono::minutes(61)), "com.x", Environment::Sandbox,
                                      fresh, kNow);
  EXPECT_EQ(old.rejection, Reason::ExpiredProviderToken);
}

TEST_F(ProviderTokenAuthTest, ATokenProvenOnTheConnectionIsStillCheckedOnEveryRequest) {
  // The second and later uses skip parsing and verification, not the rules.
  const auto token = bearer(kNow);
  EXPECT_FALSE(check(token).rejection);
  EXPECT_FALSE(check(token, "com.x", kNow + std::chrono::minutes(59)).rejection);
  EXPECT_EQ(check(token, "com.other", kNow + std::chrono::minutes(1)).rejection, Reason::InvalidProviderToken);
  EXPECT_EQ(check(token, "com.x", kNow + std::chrono::minutes(61)).rejection, Reason::ExpiredProviderToken);
  keys_.clear();  // the key was revoked meanwhile
  EXPECT_EQ(check(token, "com.x", kNow + std::chrono::minutes(2)).rejection, Reason::InvalidProviderToken);
}

TEST_F(ProviderTokenAuthTest, NewTokenWithinTwentyMinutesIsTooManyUpdates) {
  const auto first = bearer(kNow);
  EXPECT_FALSE(check(first).rejection);
  EXPECT_FALSE(check(first, "com.x", kNow + std::chrono::minutes(5)).rejection);  // same token: fine
  const auto second = bearer(kNow + std::chrono::minutes(10));
  EXPECT_EQ(check(second, "com.x", kNow + std::chrono::minutes(10)).rejection, Reason::TooManyProviderTokenUpdates);
  const auto later = bearer(kNow + std::chrono::minutes(21));
  EXPECT_FALSE(check(later, "com.x", kNow + std::chrono::minutes(21)).rejection);
}

TEST_F(ProviderTokenAuthTest, ConnectionStaysWithItsFirstTeam) {
  EXPECT_FALSE(check(bearer()).rejection);
  const auto otherKey = makeP256Key();
  keys_.add({"TEAM999999", "KEY9999999", otherKey.publicPem, {}, std::nullopt});
  const auto other = "bearer " + providerToken(otherKey, "TEAM999999", "KEY9999999", kNow);
  EXPECT_EQ(check(other, "com.x", kNow + std::chrono::minutes(30)).rejection, Reason::UnrelatedKeyIdInToken);
}

TEST(JwtTest, Base64UrlRoundTripAndRejects) {
  EXPECT_EQ(base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64UrlDecode("-_8"), std::string("\xfb\xff"));
  EXPECT_FALSE(base64UrlDecode("ab=="));
  EXPECT_FALSE(parseJwt("a.b"));
  EXPECT_FALSE(parseJwt("e30.e30.x.y"));
  EXPECT_TRUE(parseJwt("e30.e30."));
}

}  // namespace
}  // namespace oxh::push::apns
