#include "common/codec/base64.hpp"

#include <gtest/gtest.h>

namespace oxh::codec {
namespace {

TEST(Base64Test, RoundTripsBasicCredentials) {
  EXPECT_EQ(base64Encode("oxuser:oxpass"), "b3h1c2VyOm94cGFzcw==");
  EXPECT_EQ(base64Decode("b3h1c2VyOm94cGFzcw=="), "oxuser:oxpass");
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Decode("@@@"), "");
}

}  // namespace
}  // namespace oxh::codec
