#include "mock_dovecot/store/passwd_file.hpp"

#include <gtest/gtest.h>

#include "common/error/error.hpp"

namespace oxh::dovecot {
namespace {

std::string errorOf(const std::string& text) {
  try {
    parsePasswdFile(text, "users.passwd");
  } catch (const OxhException& error) {
    return error.error().describe();
  }
  return "no error";
}

TEST(PasswdFile, ReadsDovecotsFullAndShortForms) {
  const auto entries = parsePasswdFile(
      "# comment\n"
      "\n"
      "alice@example.org:{PLAIN}secret:65534:65534::/tmp/home/alice::userdb_quota_rule=*:storage=1G nopassword\n"
      ":{PLAIN}ignored\n"
      "bob:hunter2\r\n"
      "carol:{clear}pass:1000::\n",
      "users.passwd");
  ASSERT_EQ(entries.size(), 3U);
  EXPECT_EQ(entries[2].account.password, "pass");  // {CLEAR} is PLAIN, case-insensitive
  EXPECT_EQ(entries[2].uid, 1000U);
  EXPECT_EQ(entries[0].account.login, "alice@example.org");
  EXPECT_EQ(entries[0].account.password, "secret");
  EXPECT_EQ(entries[0].uid, 65534U);
  EXPECT_EQ(entries[0].gid, 65534U);
  EXPECT_EQ(entries[0].home, "/tmp/home/alice");
  EXPECT_EQ(entries[0].extraFields, (std::vector<std::string>{"userdb_quota_rule=*:storage=1G", "nopassword"}));
  EXPECT_EQ(entries[0].line, 3);
  EXPECT_EQ(entries[1].account.login, "bob");
  EXPECT_EQ(entries[1].account.password, "hunter2");
  EXPECT_FALSE(entries[1].uid);
  EXPECT_EQ(entries[1].line, 5);
  // The password is one ':' field: "pa" (":ss" would be the UID field, which must be numeric).
  EXPECT_EQ(errorOf("carol:{clear}pa:ss:::\n"),
            "[oxh.dovecot.passwd-file] users.passwd:1: user carol has invalid UID 'ss'");
}

TEST(PasswdFile, MalformedLinesNameFileAndLine) {
  EXPECT_EQ(errorOf("alice:{PLAIN}x\nbob\n"),
            "[oxh.dovecot.passwd-file] users.passwd:2: user bob has no password field (want user:password or "
            "user:{PLAIN}password:...)");
  EXPECT_EQ(errorOf("alice:{PLAIN}x:0:0\n"), "[oxh.dovecot.passwd-file] users.passwd:1: user alice has invalid UID '0'");
  EXPECT_EQ(errorOf("alice:{PLAIN}x:5:g\n"), "[oxh.dovecot.passwd-file] users.passwd:1: user alice has invalid GID 'g'");
  EXPECT_EQ(errorOf("alice:{SHA512-CRYPT}$6$x\n"),
            "[oxh.dovecot.passwd-file] users.passwd:1: user alice: password scheme {SHA512-CRYPT} is not supported "
            "by the fake (use {PLAIN})");
  EXPECT_EQ(errorOf("alice:{PLAIN\n"),
            "[oxh.dovecot.passwd-file] users.passwd:1: user alice: password scheme '{PLAIN' has no closing '}'");
  EXPECT_EQ(errorOf("a:x\n#\na:y\n"), "[oxh.dovecot.passwd-file] users.passwd:3: user a exists more than once");
  EXPECT_EQ(errorOf("a b:x\n"),
            "[oxh.dovecot.passwd-file] users.passwd:1: user name 'a b' contains a space or control character");
}

TEST(PasswdFile, UnreadableFileIsAClearError) {
  try {
    loadPasswdFile("/nonexistent/users.passwd");
    FAIL() << "no error";
  } catch (const OxhException& error) {
    EXPECT_EQ(error.error().describe(), "[oxh.dovecot.passwd-file] cannot read passwd-file /nonexistent/users.passwd");
  }
}

}  // namespace
}  // namespace oxh::dovecot
