// Hand-checked REFERENCES/REFS/ORDEREDSUBJECT rules (RFC 5256 section 3) and SORT ordering.
#include <gtest/gtest.h>

#include "mock_dovecot/thread/threading.hpp"

namespace oxh::dovecot::thread {
namespace {

MessageKeys m(std::uint32_t id, std::string subject, std::string mid, std::string refs = "",
              std::int64_t date = 0) {
  MessageKeys k;
  k.id = id;
  k.subject = std::move(subject);
  k.messageId = std::move(mid);
  k.references = std::move(refs);
  k.sentDate = date;
  k.hasSentDate = date != 0;
  k.internalDate = 1000 + id;
  return k;
}

TEST(ThreadRules, DummyWithOneChildIsPromoted) {
  const std::vector<MessageKeys> v = {m(1, "A", "<a@x>", "<gone@x>", 90), m(2, "B", "<b@x>", "", 80)};
  EXPECT_EQ(thread(Algorithm::References, v), "(2)(1)");
  EXPECT_EQ(thread(Algorithm::Refs, v), "(2)(1)");  // printed alike, even without promotion
}

TEST(ThreadRules, LoopLinkIsDropped) {
  const std::vector<MessageKeys> v = {m(1, "L1", "<l1@x>", "<l2@x>", 90),
                                      m(2, "L2", "<l2@x>", "<l1@x>", 100)};
  // 1 gets parent l2; 2's link under l1 would close a loop, so 2 stays the root.
  EXPECT_EQ(thread(Algorithm::References, v), "(2 1)");
}

TEST(ThreadRules, SubjectMergeCreatesDummyForTwoOriginals) {
  const std::vector<MessageKeys> v = {m(1, "Hello", "<h1@x>", "", 90), m(2, "hello", "<h2@x>", "", 100),
                                      m(3, "Re: HELLO", "<h3@x>", "", 80)};
  // 3 (a reply) comes first in date order, then 1 (not a reply) takes its table entry and 3
  // becomes 1's child; 2 is no reply either, so a new dummy gets both 1 and 2.
  EXPECT_EQ(thread(Algorithm::References, v), "((1 3)(2))");
}

TEST(ThreadRules, MissingReferencesDropEarlierParent) {
  const std::vector<MessageKeys> v = {m(1, "Child", "<c@x>", "", 90),
                                      m(2, "Other", "<o@x>", "<root@x> <c@x>", 100),
                                      m(3, "Root", "<root@x>", "", 80)};
  EXPECT_EQ(thread(Algorithm::References, v), "(3 1 2)");
}

TEST(ThreadRules, RefsOrdersByNewestMessage) {
  const std::vector<MessageKeys> v = {m(1, "a", "<1@x>", "", 10), m(2, "b", "<2@x>", "", 20),
                                      m(3, "c", "<3@x>", "<1@x>", 30)};
  EXPECT_EQ(thread(Algorithm::References, v), "(1 3)(2)");
  EXPECT_EQ(thread(Algorithm::Refs, v), "(2)(1 3)");
}

TEST(ThreadRules, OrderedSubjectFormats) {
  const std::vector<MessageKeys> v = {m(1, "x", "", "", 10), m(2, "Re: x", "", "", 20),
                                      m(3, "y", "", "", 5), m(4, "re: y", "", "", 6),
                                      m(5, "fwd: y", "", "", 7)};
  EXPECT_EQ(thread(Algorithm::OrderedSubject, v), "(3 (4)(5))(1 2)");
}

TEST(SortRules, ReverseAppliesPerKeyAndTiesStayAscending) {
  std::vector<MessageKeys> v = {m(1, "b", ""), m(2, "a", ""), m(3, "b", ""), m(4, "a", "")};
  v[0].size = 10, v[1].size = 10, v[2].size = 20, v[3].size = 10;
  using Ids = std::vector<std::uint32_t>;
  EXPECT_EQ(sort({"REVERSE", "SUBJECT"}, v), (Ids{1, 3, 2, 4}));
  EXPECT_EQ(sort({"SUBJECT", "REVERSE", "SIZE"}, v), (Ids{2, 4, 3, 1}));
  EXPECT_EQ(sort({"REVERSE", "SIZE"}, v), (Ids{3, 1, 2, 4}));
  EXPECT_THROW(sort({"BOGUS"}, v), std::invalid_argument);
  EXPECT_THROW(sort({"REVERSE"}, v), std::invalid_argument);
}

TEST(SortRules, AddressKeys) {
  std::vector<MessageKeys> v = {m(1, "", ""), m(2, "", ""), m(3, "", "")};
  v[0].from = "\"Zoe\" <alpha@x>";
  v[1].from = "Yann <Beta@x>";
  v[2].from = "";
  using Ids = std::vector<std::uint32_t>;
  EXPECT_EQ(sort({"FROM"}, v), (Ids{3, 1, 2}));
  EXPECT_EQ(sort({"DISPLAYFROM"}, v), (Ids{3, 2, 1}));
}

}  // namespace
}  // namespace oxh::dovecot::thread
