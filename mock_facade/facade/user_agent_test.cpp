// User-Agent parsing against the facade documentation's examples and versions.
#include "mock_facade/facade/user_agent.hpp"

#include <gtest/gtest.h>

namespace oxh::facade::mobile {
namespace {

TEST(UserAgentTest, ParsesTheDocumentedExamples) {
  auto android = parseUserAgent("OpenXchange.Android.Mail/1.0+1234 (OS: 7.0; device: Samsung/GT9700)");
  ASSERT_TRUE(android);
  EXPECT_EQ(android->branding, "OpenXchange");
  EXPECT_EQ(android->os, "Android");
  EXPECT_EQ(android->version.numbers, (std::vector<int>{1, 0}));
  EXPECT_EQ(android->version.build, "1234");
  EXPECT_EQ(android->osVersion, "7.0");
  EXPECT_EQ(android->device, "Samsung/GT9700");
  auto ios = parseUserAgent("OpenXchange.iOS.Mail/1.0.6 (OS: 10.0.3; device: iPhone 7 Plus)");
  ASSERT_TRUE(ios);
  EXPECT_EQ(ios->device, "iPhone 7 Plus");
  auto branded = parseUserAgent("Brand.One.Swagger.Mail/2.1.0-beta.1 (OS: x; device: y)");
  ASSERT_TRUE(branded);
  EXPECT_EQ(branded->branding, "Brand.One");
  EXPECT_EQ(branded->version.preRelease, "beta.1");
}

TEST(UserAgentTest, RejectsOtherForms) {
  std::string why;
  EXPECT_FALSE(parseUserAgent("curl/8.0", &why));
  EXPECT_NE(why.find("Mail/"), std::string::npos);
  EXPECT_FALSE(parseUserAgent("OpenXchange.Linux.Mail/1.0.0 (OS: 6; device: pc)", &why));
  EXPECT_NE(why.find("unknown OS 'Linux'"), std::string::npos);
  EXPECT_FALSE(parseUserAgent("OpenXchange.iOS.Mail/one (OS: 10; device: x)", &why));
  EXPECT_FALSE(parseUserAgent("OpenXchange.iOS.Mail/1.0.0", &why));
  EXPECT_FALSE(parseUserAgent("OpenXchange.iOS.Mail/1.0.0 (OS: 10)", &why));
  EXPECT_FALSE(parseUserAgent("OpenXchange.iOS.Mail/1.0.0 (OS: ; device: x)", &why));
  EXPECT_FALSE(parseUserAgent(".iOS.Mail/1.0.0 (OS: 1; device: x)", &why));
  EXPECT_FALSE(parseUserAgent("OpenXchange.iOS.Mail/1 (OS: 1; device: x)", &why));
}

TEST(UserAgentTest, ClientVersionsCompareBySemver) {
  const auto v = [](const char* text) { return *ClientVersion::parse(text); };
  EXPECT_EQ(v("1.0").compare(v("1.0.0")), 0);
  EXPECT_EQ(v("1.0+99").compare(v("1.0.0+1")), 0);
  EXPECT_LT(v("1.0.6").compare(v("1.1.0")), 0);
  EXPECT_GT(v("1.10.0").compare(v("1.9.9")), 0);
  EXPECT_LT(v("2.0.0-rc1").compare(v("2.0.0")), 0);
  EXPECT_FALSE(ClientVersion::parse("01.0"));
  EXPECT_FALSE(ClientVersion::parse("1.0.0.0"));
}

TEST(UserAgentTest, ServerVersionsCompareWithRevision) {
  const auto v = [](const char* text) { return *ServerVersion::parse(text); };
  const auto minimum = v(kMinimumServerVersion);
  EXPECT_LT(v("7.8.4-rev21").compare(minimum), 0);
  EXPECT_EQ(v("7.8.4-Rev22").compare(minimum), 0);
  EXPECT_GT(v("7.10.6-Rev5").compare(minimum), 0);
  EXPECT_GT(v("8.19.0").compare(minimum), 0);
  EXPECT_LT(v("7.8.3-rev40").compare(minimum), 0);
  EXPECT_FALSE(ServerVersion::parse("7.8.4-beta"));
  EXPECT_FALSE(ServerVersion::parse("seven"));
}

}  // namespace
}  // namespace oxh::facade::mobile
