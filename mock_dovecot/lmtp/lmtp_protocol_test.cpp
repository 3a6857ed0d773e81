#include "mock_dovecot/lmtp/lmtp_protocol.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::lmtp {
namespace {

// Every expected reply below is what Dovecot 2.3.19 (Debian 12) answered to the same input.
class LmtpProtocolTest : public ::testing::Test {
 protected:
  LmtpProtocol make() {
    LmtpOptions options;
    options.hostname = "vm";
    options.userExists = [](const std::string& user) { return user == "alice@example.org" || user == "bob@example.org"; };
    options.newSessionId = [] { return std::string("mHsnEA+MC2vyYAAAg+zDdQ"); };
    return LmtpProtocol(options);
  }
};

TEST_F(LmtpProtocolTest, GreetingAndLhlo) {
  auto lmtp = make();
  EXPECT_EQ(lmtp.greeting(), "220 vm Dovecot (Debian) ready.\r\n");
  EXPECT_EQ(lmtp.feed("LHLO\r\n"), "501 Missing hostname\r\n");
  EXPECT_EQ(lmtp.feed("LHLO x.y\r\n"), "250-vm\r\n250-8BITMIME\r\n250-CHUNKING\r\n250-ENHANCEDSTATUSCODES\r\n250 PIPELINING\r\n");
}

TEST_F(LmtpProtocolTest, SequenceAndSyntaxErrors) {
  auto lmtp = make();
  EXPECT_EQ(lmtp.feed("RCPT TO:<alice@example.org>\r\n"), "503 5.5.0 MAIL needed first\r\n");
  EXPECT_EQ(lmtp.feed("DATA\r\n"), "503 5.5.0 MAIL needed first\r\n");
  EXPECT_EQ(lmtp.feed("FOO\r\n"), "500 5.5.1 Unknown command\r\n");
  EXPECT_EQ(lmtp.feed("HELO x\r\n"), "500 5.5.1 Unknown command\r\n");
  EXPECT_EQ(lmtp.feed("NOOP\r\nRSET\r\nVRFY alice\r\n"), "250 2.0.0 OK\r\n250 2.0.0 OK\r\n252 2.3.3 Try RCPT instead\r\n");
  EXPECT_EQ(lmtp.feed("MAIL FROM:bad\r\n"), "501 5.5.4 Invalid FROM: Missing '<' at beginning of path\r\n");
  EXPECT_EQ(lmtp.feed("MAIL FROM:<a b@c>\r\n"), "501 5.5.4 Invalid FROM: Invalid character in localpart\r\n");
  EXPECT_EQ(lmtp.feed("MAIL FROM:<a@b> BODY=8BITMIME SIZE=100\r\n"), "555 5.5.4 Unsupported parameters\r\n");
  EXPECT_EQ(lmtp.feed("MAIL FROM:<a@b>\r\n"), "250 2.1.0 OK\r\n");
  EXPECT_EQ(lmtp.feed("MAIL FROM:<x@y>\r\n"), "503 5.5.0 MAIL already given\r\n");
  EXPECT_EQ(lmtp.feed("RCPT TO:alice@example.org\r\n"), "501 5.5.4 Invalid TO: Missing '<' at beginning of path\r\n");
  EXPECT_EQ(lmtp.feed("RCPT TO:<>\r\n"), "501 5.5.4 Invalid TO: Null path not allowed\r\n");
  EXPECT_EQ(lmtp.feed("RCPT TO:<nobody@example.org>\r\n"),
            "550 5.1.1 <nobody@example.org> User doesn't exist: nobody@example.org\r\n");
  EXPECT_EQ(lmtp.feed("DATA\r\n"), "503 5.5.0 No valid recipients\r\n");
  EXPECT_EQ(lmtp.feed("RCPT TO:<bob@example.org> NOTIFY=NEVER\r\n"), "555 5.5.4 Unsupported parameters\r\n");
  EXPECT_EQ(lmtp.feed("QUIT\r\n"), "221 2.0.0 Bye\r\n");
  EXPECT_TRUE(lmtp.closed());
}

TEST_F(LmtpProtocolTest, DataWaitsForDeliveryAndGivesOneReplyPerRecipient) {
  auto lmtp = make();
  lmtp.feed("LHLO client.example\r\n");
  EXPECT_EQ(lmtp.feed("MAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.org>\r\nRCPT TO:<alice+Sent@example.org>\r\nDATA\r\n"),
            "250 2.1.0 OK\r\n250 2.1.5 OK\r\n250 2.1.5 OK\r\n354 OK\r\n");
  // Pipelined NOOP after the message is held until the deliveries are answered.
  EXPECT_EQ(lmtp.feed("Subject: x\r\n\r\n..dot\r\nbody\r\n.\r\nNOOP\r\n"), "");
  ASSERT_TRUE(lmtp.pending());
  const auto transaction = *lmtp.pending();
  EXPECT_EQ(transaction.message, "Subject: x\r\n\r\n.dot\r\nbody\r\n");
  ASSERT_EQ(transaction.recipients.size(), 2U);
  EXPECT_EQ(transaction.recipients[1].detail, "Sent");
  EXPECT_EQ(transaction.recipients[1].user, "alice@example.org");
  EXPECT_EQ(transaction.recipients[0].replyId, "mHsnEA+MC2vyYAAAg+zDdQ");
  EXPECT_EQ(transaction.recipients[1].replyId, "mHsnEA+MC2vyYAAAg+zDdQ:R2");
  const auto stored = lmtp.storedMessage(transaction, transaction.recipients[0], 1795918863);
  EXPECT_EQ(stored,
            "Return-Path: <a@b.c>\r\nReceived: from client.example ([127.0.0.1])\r\n\tby vm with LMTP\r\n"
            "\tid mHsnEA+MC2vyYAAAg+zDdQ\r\n\t(envelope-from <a@b.c>); Sun, 29 Nov 2026 02:21:03 +0000\r\n"
            "Subject: x\r\n\r\n.dot\r\nbody\r\n");
  EXPECT_EQ(lmtp.finishTransaction({"250 2.0.0 <alice@example.org> mHsnEA+MC2vyYAAAg+zDdQ Saved",
                                    "250 2.0.0 <alice+Sent@example.org> mHsnEA+MC2vyYAAAg+zDdQ:R2 Saved"}),
            "250 2.0.0 <alice@example.org> mHsnEA+MC2vyYAAAg+zDdQ Saved\r\n"
            "250 2.0.0 <alice+Sent@example.org> mHsnEA+MC2vyYAAAg+zDdQ:R2 Saved\r\n250 2.0.0 OK\r\n");
}

TEST_F(LmtpProtocolTest, SecondTransactionWithBdatAndSingleRecipientHeaders) {
  auto lmtp = make();
  lmtp.feed("LHLO client.example\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nx\r\n.\r\n");
  ASSERT_TRUE(lmtp.pending());
  lmtp.finishTransaction({"250 ok"});
  EXPECT_EQ(lmtp.feed("MAIL FROM:<>\r\nRCPT TO:<bob@example.org>\r\nBDAT 10\r\n0123456789"),
            "250 2.1.0 OK\r\n250 2.1.5 OK\r\n250 2.0.0 Added 10 octets\r\n");
  EXPECT_EQ(lmtp.feed("BDAT 0 LAST\r\n"), "");
  ASSERT_TRUE(lmtp.pending());
  const auto transaction = *lmtp.pending();
  EXPECT_EQ(transaction.recipients[0].replyId, "mHsnEA+MC2vyYAAAg+zDdQ:T2");
  EXPECT_EQ(lmtp.storedMessage(transaction, transaction.recipients[0], 1795918863),
            "Return-Path: <>\r\nDelivered-To: bob@example.org\r\nReceived: from client.example ([127.0.0.1])\r\n"
            "\tby vm with LMTP\r\n\tid mHsnEA+MC2vyYAAAg+zDdQ:T2\r\n\t(envelope-from <>)\r\n"
            "\tfor <bob@example.org>; Sun, 29 Nov 2026 02:21:03 +0000\r\n0123456789");
}

TEST_F(LmtpProtocolTest, RecipientsAreCaseInsensitiveAndBytesMayArriveOneByOne) {
  auto lmtp = make();
  std::string out;
  for (char c : std::string("LHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<BOB@EXAMPLE.ORG>\r\n")) {
    out += lmtp.feed(std::string(1, c));
  }
  EXPECT_NE(out.find("250 2.1.5 OK"), std::string::npos);
}

}  // namespace
}  // namespace oxh::dovecot::lmtp
