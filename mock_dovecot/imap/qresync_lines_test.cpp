#include "mock_dovecot/imap/qresync_lines.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::imap {
namespace {

TEST(QresyncLines, ExpungesBecomeOneVanishedWhereTheFirstWas) {
  const std::vector<std::string> lines = {"3 FETCH (FLAGS (\\Seen))", "4 EXPUNGE", "2 EXPUNGE", "2 EXISTS", "0 RECENT"};
  EXPECT_EQ(qresyncLines(lines, {10, 11, 12, 13}),
            (std::vector<std::string>{"3 FETCH (UID 12 FLAGS (\\Seen))", "VANISHED 11,13", "2 EXISTS", "0 RECENT"}));
}

TEST(QresyncLines, FetchKeepsAnExistingUidAndRangesAreMerged) {
  EXPECT_EQ(qresyncLines({"1 FETCH (UID 5 MODSEQ (3) FLAGS ())", "3 EXPUNGE", "2 EXPUNGE", "1 EXPUNGE"}, {5, 6, 7}),
            (std::vector<std::string>{"1 FETCH (UID 5 MODSEQ (3) FLAGS ())", "VANISHED 5:7"}));
}

TEST(QresyncLines, OtherLinesAreUntouched) {
  EXPECT_EQ(qresyncLines({"FLAGS (\\Seen)", "5 EXISTS"}, {1}),
            (std::vector<std::string>{"FLAGS (\\Seen)", "5 EXISTS"}));
}

}  // namespace
}  // namespace oxh::dovecot::imap
