#include "common/net/endpoint.hpp"

#include <gtest/gtest.h>

namespace oxh::net {
namespace {

TEST(HostPortTest, ParsesV4NamesAndV6) {
  auto hp = HostPort::parse("127.0.0.1:10143");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "127.0.0.1");
  EXPECT_EQ(hp->port, 10143);
  hp = HostPort::parse("localhost:0");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "localhost");
  EXPECT_EQ(hp->port, 0);
  hp = HostPort::parse("[::1]:993");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "::1");
  EXPECT_EQ(hp->port, 993);
  EXPECT_EQ(hp->str(), "[::1]:993");
  EXPECT_EQ((HostPort{"10.0.0.1", 80}).str(), "10.0.0.1:80");
}

TEST(HostPortTest, RejectsMalformed) {
  for (const char* bad : {"", "host", "host:", ":80", "host:65536", "host:-1", "host:8x", "::1:80", "[::1]", "[::1]80",
                          "[::1]:", "a:b:c"}) {
    EXPECT_FALSE(HostPort::parse(bad)) << bad;
  }
  EXPECT_TRUE(HostPort::parse("host:65535"));
}

}  // namespace
}  // namespace oxh::net
