#include "common/journal/journal.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

namespace oxh::journal {
namespace {

using namespace std::chrono_literals;

Entry make(std::string kind, std::string summary = {}) {
  Entry entry;
  entry.component = "test";
  entry.kind = std::move(kind);
  entry.summary = std::move(summary);
  return entry;
}

Matcher kindIs(const std::string& kind) {
  return [kind](const Entry& entry) { return entry.kind == kind; };
}

TEST(JournalTest, WaitForFindsAnEntryAlreadyPresentAndConsumesIt) {
  Journal journal("s1");
  journal.append(make("a"));
  auto found = journal.waitFor(kindIs("a"), 0ms);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->seq, 1U);
  EXPECT_EQ(found->scenario, "s1");
  // Consumed: a second identical expectation needs a second entry.
  EXPECT_FALSE(journal.waitFor(kindIs("a"), 10ms).has_value());
}

TEST(JournalTest, WaitForWakesWhenAnotherThreadAppends) {
  Journal journal;
  std::thread producer([&] { journal.append(make("late")); });
  auto found = journal.waitFor(kindIs("late"), 5s);
  producer.join();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->kind, "late");
}

TEST(JournalTest, WaitForTimesOutWhenNothingMatches) {
  Journal journal;
  journal.append(make("other"));
  const auto start = Clock::now();
  EXPECT_FALSE(journal.waitFor(kindIs("missing"), 30ms).has_value());
  EXPECT_GE(Clock::now() - start, 30ms);
}

TEST(JournalTest, NeverReportsTheFirstOffendingEntry) {
  Journal journal;
  EXPECT_FALSE(journal.never(kindIs("x"), 10ms).has_value());
  journal.append(make("x", "oops"));
  auto offending = journal.never(kindIs("x"), 10ms);
  ASSERT_TRUE(offending.has_value());
  EXPECT_EQ(offending->summary, "oops");
}

TEST(JournalTest, WaitForCountReturnsOnceEnoughArrived) {
  Journal journal;
  journal.append(make("n"));
  journal.append(make("n"));
  EXPECT_EQ(journal.waitForCount(kindIs("n"), 2, 1s), 2U);
  EXPECT_EQ(journal.waitForCount(kindIs("n"), 3, 20ms), 2U);
}

TEST(JournalTest, AfterSkipsOlderEntries) {
  Journal journal;
  const auto first = journal.append(make("k"));
  WaitOptions options;
  options.after = first;
  EXPECT_FALSE(journal.waitFor(kindIs("k"), 0ms, options).has_value());
  journal.append(make("k"));
  EXPECT_TRUE(journal.waitFor(kindIs("k"), 0ms, options).has_value());
}

TEST(JournalTest, UnconsumedListsWhatNoExpectationTook) {
  Journal journal;
  journal.append(make("k", "one"));
  journal.append(make("k", "two"));
  ASSERT_TRUE(journal.waitFor(kindIs("k"), 0ms).has_value());
  auto left = journal.unconsumed(kindIs("k"));
  ASSERT_EQ(left.size(), 1U);
  EXPECT_EQ(left[0].summary, "two");
}

TEST(JournalTest, ListenerSeesEveryAppend) {
  Journal journal;
  std::vector<std::string> seen;
  journal.setListener([&](const Entry& entry) { seen.push_back(entry.summary); });
  journal.append(make("k", "one"));
  journal.append(make("k", "two"));
  EXPECT_EQ(seen, (std::vector<std::string>{"one", "two"}));
  EXPECT_NE(journal.transcript().find("test k one"), std::string::npos);
}

TEST(JournalTest, WaitAfterLongPollsForNewEntries) {
  Journal journal;
  journal.append(make("k"));
  EXPECT_EQ(journal.waitAfter(0, 0ms).size(), 1U);
  std::thread producer([&] { journal.append(make("k")); });
  auto entries = journal.waitAfter(1, 5s);
  producer.join();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].seq, 2U);
}


// Counts renders, so the tests can tell "rendered once, on first read" from "rendered per read".
class CountingData : public DeferredData {
 public:
  explicit CountingData(int value) : value_(value) {}
  nlohmann::json render() const override {
    ++renders;
    return {{"value", value_}};
  }
  mutable std::atomic<int> renders{0};

 private:
  int value_;
};

Entry deferredEntry(const std::shared_ptr<const CountingData>& data) {
  Entry entry = make("deferred", "lazy");
  entry.deferred = data;
  return entry;
}

TEST(JournalTest, DeferredDataIsRenderedOnceOnFirstReadAndMatchersSeeIt) {
  Journal journal;
  auto data = std::make_shared<const CountingData>(7);
  journal.append(deferredEntry(data));
  EXPECT_EQ(data->renders, 0);  // appending renders nothing
  const auto valueIs = [](int v) { return [v](const Entry& e) { return e.data.value("value", 0) == v; }; };
  EXPECT_EQ(journal.count(valueIs(7)), 1U);
  EXPECT_EQ(journal.count(valueIs(8)), 0U);
  const auto found = journal.waitFor(valueIs(7), 0ms);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->data, (nlohmann::json{{"value", 7}}));
  EXPECT_EQ(found->deferred, nullptr);
  EXPECT_EQ(journal.snapshot()[0].data["value"], 7);
  EXPECT_EQ(journal.toJson(journal.snapshot()[0])["data"]["value"], 7);
  EXPECT_EQ(data->renders, 1);
}

TEST(JournalTest, DeferredDataReachesListenersSnapshotsAndToJson) {
  Journal journal;
  nlohmann::json heard;
  journal.setListener([&](const Entry& entry) { heard = entry.data; });
  journal.append(deferredEntry(std::make_shared<const CountingData>(3)));
  EXPECT_EQ(heard, (nlohmann::json{{"value", 3}}));

  Journal quiet;
  quiet.append(deferredEntry(std::make_shared<const CountingData>(4)));
  EXPECT_EQ(quiet.waitAfter(0, 0ms).at(0).data["value"], 4);
  // An entry copied before rendering (built by hand) still renders in toJson.
  EXPECT_EQ(quiet.toJson(deferredEntry(std::make_shared<const CountingData>(5)))["data"]["value"], 5);
  // Data set by the appender wins over a deferred source.
  Entry both = deferredEntry(std::make_shared<const CountingData>(6));
  both.data = {{"value", 1}};
  quiet.append(std::move(both));
  EXPECT_EQ(quiet.snapshot(1).at(0).data["value"], 1);
}

// A deferred source that also supplies the summary line.
class SummarizedData : public DeferredData {
 public:
  nlohmann::json render() const override { return {{"value", 9}}; }
  std::string summary() const override {
    ++summaries;
    return "lazy line";
  }
  mutable std::atomic<int> summaries{0};
};

TEST(JournalTest, DeferredSummaryFillsAnEmptySummaryOnFirstReadOnly) {
  Journal journal;
  auto data = std::make_shared<const SummarizedData>();
  Entry entry;
  entry.component = "c";
  entry.kind = "lazy";
  entry.deferred = data;
  journal.append(entry);  // a copy: the test keeps the unrendered original
  EXPECT_EQ(data->summaries, 0);  // appending builds no summary
  EXPECT_EQ(journal.snapshot().at(0).summary, "lazy line");
  EXPECT_EQ(journal.snapshot().at(0).summary, "lazy line");
  EXPECT_EQ(data->summaries, 1);
  EXPECT_NE(journal.transcript().find("c lazy lazy line"), std::string::npos);
  // Entries never handed out by the journal render it in toJson and transcriptLine too.
  EXPECT_EQ(journal.toJson(entry)["summary"], "lazy line");
  EXPECT_NE(journal.transcriptLine(entry).find("lazy lazy line"), std::string::npos);
  // A summary set by the appender wins.
  entry.summary = "given";
  journal.append(entry);
  EXPECT_EQ(journal.snapshot(1).at(0).summary, "given");
  // Sources without one leave the summary empty.
  Entry plain = make("deferred");
  plain.deferred = std::make_shared<const CountingData>(1);
  journal.append(std::move(plain));
  EXPECT_EQ(journal.snapshot(2).at(0).summary, "");
  EXPECT_EQ(journal.snapshot(2).at(0).data["value"], 1);
}

}  // namespace
}  // namespace oxh::journal
