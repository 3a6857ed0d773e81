#include "mock_apns_fcm/push_record.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "common/journal/journal.hpp"

namespace oxh::push {
namespace {

using namespace std::chrono_literals;

// A raw detail that counts its renders, so the tests can tell "rendered when read" from
// "rendered per push".
struct CountingDetail final : PushDetail {
  nlohmann::json request() const override {
    ++renders;
    return {{"body", "raw"}};
  }
  nlohmann::json response() const override { return {{"status", 200}}; }
  mutable std::atomic<int> renders{0};
};

PushRecord recordFor(const std::string& token, std::shared_ptr<const PushDetail> detail = nullptr) {
  PushRecord record;
  record.token = token;
  record.status = 200;
  record.detail = std::move(detail);
  return record;
}

TEST(PushRecordTest, TheLogAndTheJournalShareOneRecordRenderedOnlyWhenRead) {
  journal::Journal journal;
  PushLog log("apns", &journal);
  auto detail = std::make_shared<const CountingDetail>();
  EXPECT_EQ(log.append(recordFor("aa", detail)), 1U);
  EXPECT_EQ(detail->renders, 0);  // recording builds no JSON

  const auto stored = log.records();
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0]->service, "apns");
  EXPECT_TRUE(stored[0]->request.is_null());
  EXPECT_EQ(stored[0]->detail, detail);

  // The journal entry renders the same record when a matcher looks at it.
  const auto entry = journal.waitFor(
      [](const journal::Entry& e) { return e.kind == "push" && e.data["request"]["body"] == "raw"; }, 0ms);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->component, "apns");
  EXPECT_EQ(entry->summary, "push aa -> 200");
  EXPECT_EQ(entry->data["id"], 1);
  EXPECT_EQ(entry->data["response"]["status"], 200);
  EXPECT_EQ(entry->data["accepted"], true);
  EXPECT_EQ(detail->renders, 1);
}

TEST(PushRecordTest, AllAndForTokenHandOutRenderedCopies) {
  PushLog log("fcm");
  log.append(recordFor("aa", std::make_shared<const CountingDetail>()));
  PushRecord plain = recordFor("bb");
  plain.request = {{"body", "json already"}};
  plain.reason = "NotRegistered";
  log.append(plain);

  const auto all = log.all();
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].request["body"], "raw");
  EXPECT_EQ(all[0].response["status"], 200);
  EXPECT_EQ(all[0].detail, nullptr);
  EXPECT_EQ(all[1].request["body"], "json already");
  EXPECT_FALSE(all[1].accepted());
  ASSERT_EQ(log.forToken("aa").size(), 1U);
  EXPECT_EQ(log.forToken("aa")[0].request["body"], "raw");
  EXPECT_EQ(log.records()[0]->toJson(), all[0].toJson());
  EXPECT_EQ(log.size(), 2U);
  log.clear();
  EXPECT_EQ(log.size(), 0U);
}

}  // namespace
}  // namespace oxh::push
