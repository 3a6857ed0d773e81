// The 14-message vector captured from Debian Dovecot 2.3.19.1 (dovecot.md section 3.4,
// captures/imap-thread.txt); expectations copied from the live answers.
#include <gtest/gtest.h>

#include "mock_dovecot/thread/threading.hpp"

namespace oxh::dovecot::thread {
namespace {

constexpr std::int64_t kJan1 = 1704067200;  // 2024-01-01T00:00:00Z
constexpr std::int64_t kAppended = 1795912992;

MessageKeys msg(std::uint32_t id, std::string mid, std::string refs, std::string irt,
                std::string subject, double hour) {
  MessageKeys m;
  m.id = id;
  m.messageId = std::move(mid);
  m.references = std::move(refs);
  m.inReplyTo = std::move(irt);
  m.subject = std::move(subject);
  m.from = "t" + std::to_string(id) + "@example.net";
  m.to = "alice@example.org";
  if (hour >= 0) {
    m.sentDate = kJan1 + static_cast<std::int64_t>(hour * 3600);
    m.hasSentDate = true;
  }
  m.internalDate = kAppended + (id >= 7 ? 1 : 0);
  return m;
}

std::vector<MessageKeys> capture() {
  std::vector<MessageKeys> v = {
      msg(1, "<1@t>", "", "", "Project plan", 10),
      msg(2, "<2@t>", "", "<1@t>", "Re: Project plan", 11),
      msg(3, "<3@t>", "<1@t> <2@t>", "", "Re: Project plan", 10.5),
      msg(4, "<4@t>", "<missing@t>", "", "Lunch", 9),
      msg(5, "<5@t>", "<missing@t>", "", "Re: Lunch", 9.5),
      msg(6, "<6@t>", "", "", "Fwd: Project plan", 12),
      msg(7, "<7@t>", "", "", "[list] Re: status", 8),
      msg(8, "<8@t>", "", "", "Status", 8.5),
      msg(9, "", "", "", "No message id, no date", -1),
      msg(10, "<1@t>", "", "", "Duplicate id of 1", 13),
      msg(11, "<11@t>", "<11@t>", "", "Self loop", 13.5),
      msg(12, "<12@t>", "<1@t> <3@t>", "", "Re: Project plan", 14),
      msg(13, "<13@t>", "<x@t> <y@t>", "<8@t>", "Re: Re: [list] status (fwd)", 15),
      msg(14, "<14@t>", "bogus-no-brackets", "<4@t>", "RE: lunch", 15.5),
  };
  v[8].internalDate = kJan1 + 7 * 3600;
  return v;
}

std::vector<MessageKeys> only(const std::vector<std::uint32_t>& ids) {
  std::vector<MessageKeys> out;
  for (const auto& m : capture()) {
    if (std::find(ids.begin(), ids.end(), m.id) != ids.end()) {
      out.push_back(m);
    }
  }
  return out;
}

TEST(ThreadCapture, References) {
  EXPECT_EQ(thread(Algorithm::References, capture()),
            "(9)(8 (7)(13))((4 14)(5))(1 (2 3 12)(6))(10)(11)");
}

TEST(ThreadCapture, Refs) {
  EXPECT_EQ(thread(Algorithm::Refs, capture()),
            "(9)(7)(8)(6)(10)(11)(1 2 3 12)(13)((4 14)(5))");
}

TEST(ThreadCapture, OrderedSubject) {
  EXPECT_EQ(thread(Algorithm::OrderedSubject, capture()),
            "(9)(7 (8)(13))(4 (5)(14))(1 (3)(2)(6)(12))(10)(11)");
}

TEST(ThreadCapture, ReferencesOnSearchSubsets) {
  EXPECT_EQ(thread(Algorithm::References, only({1, 2, 3, 4, 5, 6})), "((4)(5))(1 (2 3)(6))");
  EXPECT_EQ(thread(Algorithm::References, only({4, 5, 14})), "((4 14)(5))");
}

TEST(ThreadCapture, AfterExpungeOfMessageOne) {
  auto v = capture();
  v.erase(v.begin());
  for (auto& m : v) {
    --m.id;
  }
  EXPECT_EQ(thread(Algorithm::References, v), "(8)(7 (6)(12))((3 13)(4))(5)(9 1 2 11)(10)");
}

TEST(ThreadCapture, Sort) {
  using Ids = std::vector<std::uint32_t>;
  EXPECT_EQ(sort({"SUBJECT"}, capture()), (Ids{10, 4, 5, 14, 9, 1, 2, 3, 6, 12, 11, 7, 8, 13}));
  EXPECT_EQ(sort({"DATE"}, capture()), (Ids{9, 7, 8, 4, 5, 1, 3, 2, 6, 10, 11, 12, 13, 14}));
  EXPECT_EQ(sort({"REVERSE", "ARRIVAL"}, capture()),
            (Ids{7, 8, 10, 11, 12, 13, 14, 1, 2, 3, 4, 5, 6, 9}));
  EXPECT_EQ(sort({"subject", "date"}, capture()),
            (Ids{10, 4, 5, 14, 9, 1, 3, 2, 6, 12, 11, 7, 8, 13}));
}

TEST(ThreadCapture, EmptyMailbox) {
  EXPECT_EQ(thread(Algorithm::References, {}), "");
  EXPECT_EQ(thread(Algorithm::Refs, {}), "");
  EXPECT_EQ(thread(Algorithm::OrderedSubject, {}), "");
  EXPECT_TRUE(sort({"DATE"}, {}).empty());
}

}  // namespace
}  // namespace oxh::dovecot::thread
