#include "mock_apns_fcm/apns/uuid.hpp"

#include <gtest/gtest.h>

#include <set>

namespace oxh::push::apns {
namespace {

TEST(UuidTest, GeneratedIdsAreCanonicalVersionFourAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = generateUuid();
    ASSERT_TRUE(isCanonicalUuid(id)) << id;
    EXPECT_EQ(id[14], '4') << id;                                       // version 4
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;  // variant 10xx
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000U);
}

TEST(UuidTest, CanonicalFormIsChecked) {
  EXPECT_TRUE(isCanonicalUuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_FALSE(isCanonicalUuid("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(isCanonicalUuid("123e4567-e89b-12d3-a456-42661417400g"));
}

}  // namespace
}  // namespace oxh::push::apns
