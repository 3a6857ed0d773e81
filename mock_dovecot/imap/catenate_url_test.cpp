#include "mock_dovecot/imap/catenate_url.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::imap {
namespace {

class CatenateUrlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.addUser({"alice", "secret"});
    store_.append("alice", "INBOX", "Subject: one\r\n\r\nbody1\r\n", {}, 0);
  }
  CatenateUrl resolve(const std::string& url) { return resolveCatenateUrl(store_, "alice", url); }
  MailStore store_;
};

TEST_F(CatenateUrlTest, WholeMessageSectionsAndPartials) {
  EXPECT_EQ(resolve("/INBOX/;uid=1").bytes, "Subject: one\r\n\r\nbody1\r\n");
  EXPECT_EQ(resolve("INBOX/;UID=1/;SECTION=1").bytes, "body1\r\n");
  EXPECT_EQ(resolve("/INBOX/;uid=1/;section=HEADER.FIELDS%20(SUBJECT)").bytes, "Subject: one\r\n\r\n");
  EXPECT_EQ(resolve("/INBOX/;uid=1/;section=TEXT/;partial=0.3").bytes, "bod");
  EXPECT_EQ(resolve("/INBOX/;uid=1/;partial=100").bytes, "");
  EXPECT_EQ(resolve("/INBOX/;uid=1/;section=2").bytes, "");
}

TEST_F(CatenateUrlTest, DovecotErrors) {
  EXPECT_EQ(resolve("/INBOX/;uid=99").error, "Message not found.");
  EXPECT_EQ(resolve("/Nope/;uid=1").error, "Mailbox doesn't exist: Nope.");
  EXPECT_EQ(resolve("/INBOX;UIDVALIDITY=1/;uid=1").error, "Invalid UIDVALIDITY.");
  EXPECT_EQ(resolve("/INBOX/;uid=1;section=HEADER").error,
            "Invalid IMAP URL: Unrecognized IMAP URL extension: ;section=HEADER");
  EXPECT_EQ(resolve("/INBOX/;uid=x").error, "Invalid IMAP URL: Value 'x' is not a valid IMAP number.");
  EXPECT_EQ(resolve("/INBOX/;uid=1/;partial=2.0").error, "Invalid IMAP URL: PARTIAL size cannot be zero.");
  EXPECT_EQ(resolve("/INBOX/;uid=0").error, "Invalid IMAP URL: UID cannot be zero.");
  EXPECT_EQ(resolve("/INBOX/;uid=1/;partial=1.2.3").error, "Invalid IMAP URL: IMAP number is too high.");
  EXPECT_EQ(resolve("/INBOX/;uid=1/;partial=x").error, "Invalid IMAP URL: Value 'x' is not a valid IMAP number.");
  EXPECT_EQ(resolve("/INBOX/;uid=1/;foo=bar").error, "Invalid IMAP URL: Unexpected IMAP URL path segment: `;foo=bar'.");
}

}  // namespace
}  // namespace oxh::dovecot::imap
