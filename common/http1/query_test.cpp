#include "common/http1/query.hpp"

#include <gtest/gtest.h>

namespace oxh::http1 {
namespace {

TEST(QueryTest, PercentEncodeKeepsOnlyUnreservedAndRoundTrips) {
  EXPECT_EQ(percentEncode("alice@example.org"), "alice%40example.org");
  EXPECT_EQ(percentEncode("a b+c&d=e/ü~-._"), "a%20b%2Bc%26d%3De%2F%C3%BC~-._");
  for (const std::string text : {"p@ss word", "default0/Entwürfe", "x=1&y=2", ""}) {
    EXPECT_EQ(percentDecode(percentEncode(text)), text);
  }
  EXPECT_EQ(queryParam(parseQuery("name=" + percentEncode("a&b=c")), "name"), "a&b=c");
}

}  // namespace
}  // namespace oxh::http1
