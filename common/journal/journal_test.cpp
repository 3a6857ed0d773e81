#include "common/journal/journal.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace oxh::journal
