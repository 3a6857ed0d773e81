#include "mock_dovecot/imap/search_return.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::imap {
namespace {

SearchReturn esearch(unsigned options, std::uint32_t first = 0, std::uint32_t last = 0) {
  SearchReturn out;
  out.options = options | kReturnEsearch;
  out.partialFirst = first;
  out.partialLast = last;
  return out;
}

// Hits in sort order: UIDs 5,3,4,1,2 at sequences 5,3,4,1,2 (as SORT (SUBJECT) over the
// conformance corpus), mod-sequences = 10 * UID.
std::vector<SearchHit> sortedHits() {
  std::vector<SearchHit> hits;
  for (std::uint32_t id : {5U, 3U, 4U, 1U, 2U}) {
    hits.push_back(SearchHit{id, id, 10ULL * id});
  }
  return hits;
}

TEST(SearchAnswer, PlainSearchAndSortLists) {
  EXPECT_EQ(searchAnswer(SearchReturn{}, sortedHits(), "a1", false, true).line, "SORT 5 3 4 1 2");
  EXPECT_EQ(searchAnswer(SearchReturn{}, {}, "a1", false, false).line, "SEARCH");
  SearchReturn modseq;
  modseq.options |= kReturnModseq;
  EXPECT_EQ(searchAnswer(modseq, sortedHits(), "a1", false, false).line, "SEARCH 5 3 4 1 2 (MODSEQ 50)");
}

TEST(SearchAnswer, MinMaxFollowTheResultOrder) {
  // Dovecot 2.3.19 answers SORT RETURN (MIN MAX COUNT) (SUBJECT) with "MIN 5 MAX 2 COUNT 5".
  EXPECT_EQ(searchAnswer(esearch(kReturnMin | kReturnMax | kReturnCount), sortedHits(), "c2", false, true).line,
            "ESEARCH (TAG \"c2\") MIN 5 MAX 2 COUNT 5");
  EXPECT_EQ(searchAnswer(esearch(kReturnAll), sortedHits(), "c5", true, true).line,
            "ESEARCH (TAG \"c5\") UID ALL 5,3:4,1:2");
}

TEST(SearchAnswer, EmptyResults) {
  EXPECT_EQ(searchAnswer(esearch(kReturnMin | kReturnMax), {}, "t", false, false).line, "ESEARCH (TAG \"t\")");
  EXPECT_EQ(searchAnswer(esearch(kReturnAll), {}, "t", false, false).line, "ESEARCH (TAG \"t\")");
  EXPECT_EQ(searchAnswer(esearch(kReturnCount | kReturnMin), {}, "t", true, false).line,
            "ESEARCH (TAG \"t\") UID COUNT 0");
  EXPECT_EQ(searchAnswer(esearch(kReturnPartial, 5, 9), {}, "t", false, false).line,
            "ESEARCH (TAG \"t\") PARTIAL (5:9 NIL)");
}

TEST(SearchAnswer, SaveAloneSendsNothingAndKeepsEveryHit) {
  const auto answer = searchAnswer(esearch(kReturnSave), sortedHits(), "t", false, true);
  EXPECT_EQ(answer.line, "");
  EXPECT_EQ(answer.saved, (std::vector<std::uint32_t>{1, 2, 3, 4, 5}));
}

TEST(SearchAnswer, SaveWithMinMaxKeepsOnlyThose) {
  // RFC 5182 section 2.4.
  EXPECT_EQ(searchAnswer(esearch(kReturnSave | kReturnMin), sortedHits(), "t", false, true).saved,
            (std::vector<std::uint32_t>{5}));
  EXPECT_EQ(searchAnswer(esearch(kReturnSave | kReturnMax), sortedHits(), "t", false, true).saved,
            (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(searchAnswer(esearch(kReturnSave | kReturnMin | kReturnMax), sortedHits(), "t", false, true).saved,
            (std::vector<std::uint32_t>{2, 5}));
  // COUNT or ALL makes every hit count again.
  EXPECT_EQ(searchAnswer(esearch(kReturnSave | kReturnMin | kReturnCount), sortedHits(), "t", false, true).saved,
            (std::vector<std::uint32_t>{1, 2, 3, 4, 5}));
}

TEST(SearchAnswer, PartialWithSave) {
  const auto inRange = searchAnswer(esearch(kReturnSave | kReturnPartial, 2, 3), sortedHits(), "t", false, true);
  EXPECT_EQ(inRange.line, "ESEARCH (TAG \"t\") PARTIAL (2:3 3:4)");
  EXPECT_EQ(inRange.saved, (std::vector<std::uint32_t>{3, 4}));
  // (SAVE COUNT PARTIAL n:m) saves every hit.
  const auto counted =
      searchAnswer(esearch(kReturnSave | kReturnPartial | kReturnCount, 2, 3), sortedHits(), "t", false, true);
  EXPECT_EQ(counted.line, "ESEARCH (TAG \"t\") PARTIAL (2:3 3:4) COUNT 5");
  EXPECT_EQ(counted.saved, (std::vector<std::uint32_t>{1, 2, 3, 4, 5}));
}

TEST(SearchAnswer, ModseqAndRelevancyCoverTheSeenHitsOnly) {
  EXPECT_EQ(searchAnswer(esearch(kReturnMin | kReturnModseq), sortedHits(), "t", false, true).line,
            "ESEARCH (TAG \"t\") MIN 5 MODSEQ 50");
  EXPECT_EQ(searchAnswer(esearch(kReturnMax | kReturnModseq), sortedHits(), "t", false, true).line,
            "ESEARCH (TAG \"t\") MAX 2 MODSEQ 20");
  EXPECT_EQ(searchAnswer(esearch(kReturnRelevancy | kReturnMin), sortedHits(), "t", false, true).line,
            "ESEARCH (TAG \"t\") MIN 5 RELEVANCY (1)");
  EXPECT_EQ(searchAnswer(esearch(kReturnRelevancy), sortedHits(), "t", false, true).line,
            "ESEARCH (TAG \"t\") RELEVANCY (1 1 1 1 1)");
  EXPECT_EQ(searchAnswer(esearch(kReturnRelevancy), {}, "t", false, true).line, "ESEARCH (TAG \"t\") RELEVANCY ()");
}

TEST(SearchAnswer, TagIsQuoted) {
  EXPECT_EQ(searchAnswer(esearch(kReturnCount), {}, "a\"b", false, false).line, "ESEARCH (TAG \"a\\\"b\") COUNT 0");
}

}  // namespace
}  // namespace oxh::dovecot::imap
