#include "mock_facade/notify/notify_receiver.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <vector>

namespace oxh::facade {
namespace {

// "oxuser:oxpass" and "oxuser:wrong" in base64.
constexpr const char* kGoodAuth = "Basic b3h1c2VyOm94cGFzcw==";
constexpr const char* kWrongAuth = "Basic b3h1c2VyOndyb25n";

class NotifyReceiverTest : public ::testing::Test {
 protected:
  http1::Request put(std::string body, const char* auth = kGoodAuth) {
    http1::Request request;
    request.method = "PUT";
    request.target = "/preliminary/http-notify/v1/notify";
    if (auth != nullptr) {
      request.headers.emplace_back("Authorization", auth);
    }
    request.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    request.body = std::move(body);
    return request;
  }

  journal::Entry last() {
    auto entries = journal_.snapshot();
    EXPECT_FALSE(entries.empty());
    return entries.back();
  }

  boost::asio::io_context context_;
  journal::Journal journal_;
};

TEST_F(NotifyReceiverTest, AcceptsDovecotsCallAndJournalsTheParsedUser) {
  NotifyReceiver receiver(context_, journal_, {});
  const auto response = receiver.handle(put(R"({"user":"3@1","event":"messageNew","folder":"INBOX","imap-uid":5})"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(nlohmann::json::parse(response.body), (nlohmann::json{{"success", true}}));
  const auto entry = last();
  EXPECT_EQ(entry.kind, "notify.request");
  EXPECT_EQ(entry.data["auth"], "ok");
  EXPECT_EQ(entry.data["user_id"], 3);
  EXPECT_EQ(entry.data["context_id"], 1);
  EXPECT_EQ(entry.data["json"]["imap-uid"], 5);
}

TEST_F(NotifyReceiverTest, WrongOrMissingCredentialsGet401WithAppSuitesChallenge) {
  NotifyReceiver receiver(context_, journal_, {});
  for (const char* auth : {kWrongAuth, static_cast<const char*>(nullptr)}) {
    const auto response = receiver.handle(put(R"({"user":"3@1"})", auth));
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.header("WWW-Authenticate"), "Basic realm=\"OX REST\", encoding=\"UTF-8\"");
    EXPECT_EQ(last().data["auth"], auth == nullptr ? "missing" : "wrong");
    EXPECT_EQ(last().data["json"]["user"], "3@1");  // what the refused caller sent is still visible
  }
}

TEST_F(NotifyReceiverTest, UnconfiguredCredentialsGive403) {
  NotifyReceiverOptions options;
  options.login.reset();
  options.password.reset();
  NotifyReceiver receiver(context_, journal_, options);
  EXPECT_EQ(receiver.handle(put("{}")).status, 403);
  EXPECT_EQ(last().data["auth"], "unconfigured");
}

TEST_F(NotifyReceiverTest, MalformedJsonIsAcceptedAndReportedAsAFinding) {
  NotifyReceiver receiver(context_, journal_, {});
  EXPECT_EQ(receiver.handle(put(R"({"user":"3@1",)")).status, 200);
  const auto entry = last();
  EXPECT_TRUE(entry.data["json"].is_null());
  ASSERT_EQ(entry.data["findings"].size(), 1U);
  EXPECT_EQ(entry.data["findings"][0]["id"], "oxh.notify.malformed-json");
}

TEST_F(NotifyReceiverTest, EmptyBodyIsAppSuitesMissingBodyError) {
  NotifyReceiver receiver(context_, journal_, {});
  const auto response = receiver.handle(put(""));
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("SVL-0002"), std::string::npos);
}

TEST_F(NotifyReceiverTest, ScriptedStatusWithRetryAfter) {
  NotifyReceiverOptions options;
  options.status = 503;
  options.retryAfter = "1";
  NotifyReceiver receiver(context_, journal_, options);
  const auto response = receiver.handle(put(R"({"user":"3@1"})"));
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.header("Retry-After"), "1");
}

TEST(ParseOxUserTest, AcceptsOnlyTwoIntegers) {
  EXPECT_EQ(parseOxUser("3@1"), std::make_pair(std::int64_t{3}, std::int64_t{1}));
  EXPECT_FALSE(parseOxUser("alice@example.org"));
  EXPECT_FALSE(parseOxUser("3@"));
  EXPECT_FALSE(parseOxUser("@1"));
  EXPECT_FALSE(parseOxUser("3@1x"));
}

TEST_F(NotifyReceiverTest, HandsAcceptedMessageNewToTheCallback) {
  std::vector<NotifyMessageNew> events;
  NotifyReceiverOptions options;
  options.onMessageNew = [&](const NotifyMessageNew& event) { events.push_back(event); };
  NotifyReceiver receiver(context_, journal_, options);
  receiver.handle(put(R"({"user":"4@464646669","event":"messageNew","folder":"INBOX","imap-uidvalidity":123,)"
                      R"("imap-uid":2345,"from":"Alice <alice@barfoo.org>","subject":"Test","snippet":"Hey","unseen":5})"));
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].userId, 4);
  EXPECT_EQ(events[0].contextId, 464646669);
  EXPECT_EQ(events[0].uid, 2345);
  EXPECT_EQ(events[0].uidValidity, 123);
  EXPECT_EQ(events[0].from, "Alice <alice@barfoo.org>");
  EXPECT_EQ(events[0].subject, "Test");
  EXPECT_EQ(events[0].snippet, "Hey");
  EXPECT_EQ(events[0].unseen, 5);
  EXPECT_TRUE(last().data["dispatched"].get<bool>());
  // Not handed over: other events, refused callers, unparsable users, missing imap-uid.
  receiver.handle(put(R"({"user":"4@1","event":"messageRead","folder":"INBOX","imap-uid":1})"));
  receiver.handle(put(R"({"user":"4@1","event":"messageNew","folder":"INBOX","imap-uid":1})", kWrongAuth));
  receiver.handle(put(R"({"user":"alice","event":"messageNew","folder":"INBOX","imap-uid":1})"));
  receiver.handle(put(R"({"user":"4@1","event":"messageNew","folder":"INBOX"})"));
  EXPECT_EQ(events.size(), 1U);
}

TEST_F(NotifyReceiverTest, RepairsDovecotsStrayQuoteWithoutFrom) {
  std::vector<NotifyMessageNew> events;
  NotifyReceiverOptions options;
  options.onMessageNew = [&](const NotifyMessageNew& event) { events.push_back(event); };
  NotifyReceiver receiver(context_, journal_, options);
  const auto response = receiver.handle(put(
      R"({"user":"3@1","event":"messageNew","folder":"INBOX","imap-uidvalidity":7,"imap-uid":5","subject":"x","unseen":3})"));
  EXPECT_EQ(response.status, 200);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].uid, 5);
  EXPECT_EQ(events[0].subject, "x");
  EXPECT_EQ(events[0].from, "");
  const auto findings = last().data["findings"];
  ASSERT_EQ(findings.size(), 2U);
  EXPECT_EQ(findings[1]["id"], "oxh.notify.dovecot-quirk");
  bool repaired = true;
  EXPECT_FALSE(parseNotifyBody("{not json", repaired));
  EXPECT_FALSE(repaired);
}

}  // namespace
}  // namespace oxh::facade
