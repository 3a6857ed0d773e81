#include <gtest/gtest.h>

#include "common/error/error.hpp"

#include "mock_dovecot/push/ox_driver_config.hpp"
#include "mock_dovecot/push/ox_payload.hpp"
#include "mock_dovecot/push/ox_push_driver.hpp"
#include "mock_dovecot/push/ox_sender.hpp"

namespace oxh::dovecot::push {
namespace {

TEST(OxDriverConfigTest, ParsesDovecotsOptionString) {
  const auto config = parseOxDriver(
      "ox:url=http://oxuser:ox%40pass@127.0.0.1:18080/preliminary/http-notify/v1/notify user_from_metadata=no "
      "max_retries=x timeout_msecs=500");
  EXPECT_EQ(config.host, "127.0.0.1");
  EXPECT_EQ(config.port, 18080);
  EXPECT_EQ(config.target, "/preliminary/http-notify/v1/notify");
  EXPECT_EQ(config.login, "oxuser");
  EXPECT_EQ(config.password, "ox@pass");
  EXPECT_TRUE(config.userFromMetadata);  // a flag: "=no" still turns it on
  EXPECT_EQ(config.maxRetries, 1U);      // unparsable: the default
  EXPECT_EQ(config.timeout.count(), 500);
  EXPECT_THROW(parseOxDriver("ox:user_from_metadata"), OxhException);
}

TEST(OxPayloadTest, MatchesDovecotsBaselineRequestBody) {
  OxEvent event;
  event.user = "ox-user-17@ctx3";
  event.uidValidity = 1795912989;
  event.uid = 1;
  event.from = "Sender <sender@example.net>";
  event.subject = "Baseline notify test";
  event.snippet = "Hi Alice, this is the body text.";
  event.unseen = 1;
  // Byte for byte the body in dovecot-live/captures/notify-request-baseline.http.
  EXPECT_EQ(buildOxBody(event),
            R"({"user":"ox-user-17@ctx3","event":"messageNew","folder":"INBOX","imap-uidvalidity":1795912989,)"
            R"("imap-uid":1,"from":"Sender <sender@example.net>","subject":"Baseline notify test",)"
            R"("snippet":"Hi Alice, this is the body text.","unseen":1})");
}

TEST(OxPayloadTest, MissingFromIsWellFormedIn2319AndBrokenInTheUpstreamQuirk) {
  OxEvent event;
  event.user = "3@1";
  event.uidValidity = 7;
  event.uid = 5;
  event.subject = "only subject";
  event.snippet = "body one";
  event.unseen = 1;
  EXPECT_EQ(buildOxBody(event), R"({"user":"3@1","event":"messageNew","folder":"INBOX","imap-uidvalidity":7,)"
                                R"("imap-uid":5,"subject":"only subject","snippet":"body one","unseen":1})");
  EXPECT_EQ(buildOxBody(event, true), R"({"user":"3@1","event":"messageNew","folder":"INBOX","imap-uidvalidity":7,)"
                                      R"("imap-uid":5","subject":"only subject","snippet":"body one","unseen":1})");
}

TEST(OxPayloadTest, EscapesLikeJsonAppendEscaped) {
  std::string out;
  appendDovecotJsonEscaped(out, "q\" b\\ /\b\f\n\r\t\x01 \xe2\x80\xa8 \xc3\xbc \xff");
  EXPECT_EQ(out, "q\\\" b\\\\ /\\b\\f\\n\\r\\t\\u0001 \\u2028 \xc3\xbc \xef\xbf\xbd");
}

TEST(OxSenderTest, RequestHeadIsDovecotsInOrder) {
  const auto config = parseOxDriver("ox:url=http://oxuser:oxpass@127.0.0.1:18080/preliminary/http-notify/v1/notify");
  EXPECT_EQ(OxSender::requestBytes(config, "{}", 1795912989),
            "PUT /preliminary/http-notify/v1/notify HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n"
            "Date: Sun, 29 Nov 2026 00:43:09 GMT\r\nAuthorization: Basic b3h1c2VyOm94cGFzcw==\r\n"
            "Content-Length: 2\r\nConnection: Keep-Alive\r\nContent-Type: application/json; charset=utf-8\r\n\r\n{}");
}

TEST(OxPushDriverTest, SkipsWithoutMetadataOrUserAndOutsideInbox) {
  journal::Journal journal;
  OxPushDriver driver({parseOxDriver("ox:url=http://127.0.0.1:9/x")}, &journal);
  DeliveredMessage message;
  message.login = "alice";
  message.mailbox = "INBOX";
  EXPECT_TRUE(driver.messageDelivered(message, [] { return std::nullopt; }).empty());
  EXPECT_TRUE(driver.messageDelivered(message, [] { return std::optional<std::string>("events=x"); }).empty());
  message.mailbox = "Sent";
  EXPECT_TRUE(driver.messageDelivered(message, [] { return std::optional<std::string>("user=3@1"); }).empty());
  std::vector<std::string> kinds;
  for (const auto& entry : journal.snapshot()) {
    kinds.push_back(entry.kind + ": " + entry.summary);
  }
  ASSERT_EQ(kinds.size(), 3U);
  EXPECT_NE(kinds[0].find("METADATA not set"), std::string::npos);
  EXPECT_NE(kinds[1].find("No user provided in config"), std::string::npos);
  EXPECT_NE(kinds[2].find("Sent is not a watched mailbox"), std::string::npos);
}

TEST(OxPushDriverTest, UserFromTabSeparatedMetadata) {
  EXPECT_EQ(userFromMetadataValue("x=1\tuser=bob-from-tab\tz=2"), "bob-from-tab");
  EXPECT_FALSE(userFromMetadataValue("x=1"));
}

}  // namespace
}  // namespace oxh::dovecot::push
