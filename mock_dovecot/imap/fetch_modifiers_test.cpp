#include "mock_dovecot/imap/fetch_modifiers.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::imap {
namespace {

std::vector<ImapArg> atoms(std::initializer_list<const char*> values) {
  std::vector<ImapArg> out;
  for (const char* value : values) {
    ImapArg arg;
    arg.value = value;
    out.push_back(arg);
  }
  return out;
}

TEST(FetchModifiers, ChangedSinceAndVanishedWithDovecotsErrors) {
  FetchRequest request;
  std::string error;
  ASSERT_TRUE(parseFetchModifiers(atoms({"CHANGEDSINCE", "12", "VANISHED"}), true, true, request, error)) << error;
  EXPECT_EQ(request.changedSince, 12U);
  EXPECT_TRUE(request.modseq);
  EXPECT_TRUE(request.vanished);

  const auto fails = [](std::vector<ImapArg> modifiers, bool uid, bool qresync) {
    FetchRequest r;
    std::string text;
    EXPECT_FALSE(parseFetchModifiers(modifiers, uid, qresync, r, text));
    return text;
  };
  EXPECT_EQ(fails(atoms({"CHANGEDSINCE", "1", "VANISHED"}), true, false), "QRESYNC not enabled");
  EXPECT_EQ(fails(atoms({"VANISHED"}), false, true), "Unknown FETCH modifier");
  EXPECT_EQ(fails(atoms({"VANISHED"}), true, true), "VANISHED used without CHANGEDSINCE");
  EXPECT_EQ(fails(atoms({"CHANGEDSINCE", "1x"}), false, false), "Invalid CHANGEDSINCE modseq.");
  EXPECT_EQ(fails(atoms({"CHANGEDSINCE", "9223372036854775808"}), false, false), "Invalid CHANGEDSINCE modseq.");
  EXPECT_EQ(fails(atoms({"CHANGEDSINCE"}), false, false), "Invalid CHANGEDSINCE modseq.");
}

TEST(FetchModifiers, UoffNeedsADigitAndStopsBeforeInt64Overflow) {
  std::uint64_t value = 0;
  std::size_t pos = 1;
  EXPECT_TRUE(parseUoff("<42.7>", pos, value));
  EXPECT_EQ(value, 42U);
  EXPECT_EQ(pos, 3U);
  pos = 0;
  EXPECT_FALSE(parseUoff("x", pos, value));
  pos = 0;
  EXPECT_TRUE(parseUoff("9223372036854775807", pos, value));
  pos = 0;
  EXPECT_FALSE(parseUoff("9223372036854775808", pos, value));
}

}  // namespace
}  // namespace oxh::dovecot::imap
