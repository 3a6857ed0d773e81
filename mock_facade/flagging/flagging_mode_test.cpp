// The flagging table of ox.md section 3, row by row, as pure functions.
#include "mock_facade/flagging/flagging_mode.hpp"

#include <gtest/gtest.h>

namespace oxh::facade::flagging {
namespace {

TEST(FlaggingMode, NamesParseAndUnknownFallsBackToColorOnly) {
  EXPECT_EQ(parseMode("flaggedImplicit"), Mode::FlaggedImplicit);
  EXPECT_EQ(parseMode("flaggedimplicit"), Mode::FlaggedImplicit);
  EXPECT_EQ(parseMode("flaggedAndColor"), Mode::FlaggedAndColor);
  EXPECT_EQ(parseMode("nonsense"), std::nullopt);
  EXPECT_EQ(modeOrDefault("nonsense"), Mode::ColorOnly);
  EXPECT_EQ(modeName(Mode::FlaggedOnly), "flaggedOnly");
}

TEST(FlaggingMode, StoredColorReadsBothPrefixesAndInvalidIsZero) {
  EXPECT_EQ(storedColor({"$cl_3"}), 3);
  EXPECT_EQ(storedColor({"cl_7"}), 7);
  EXPECT_EQ(storedColor({"$Forwarded", "$cl_10"}), 10);
  EXPECT_EQ(storedColor({"$cl_11"}), 0);
  EXPECT_EQ(storedColor({"$cl_x"}), 0);
  EXPECT_EQ(storedColor({}), 0);
  EXPECT_TRUE(isColorKeyword("$cl_0"));
  EXPECT_FALSE(isColorKeyword("$cl_11"));
}

// READ column of the table: (stored color, \Flagged) -> color_label per mode.
TEST(FlaggingMode, ReadColumn) {
  EXPECT_EQ(displayedColor(Mode::ColorOnly, 3, true, 1), 3);
  EXPECT_EQ(displayedColor(Mode::ColorOnly, 0, true, 1), 0);
  EXPECT_EQ(displayedColor(Mode::FlaggedOnly, 3, true, 1), 0);
  EXPECT_EQ(displayedColor(Mode::FlaggedOnly, 3, false, 1), 0);
  EXPECT_EQ(displayedColor(Mode::FlaggedAndColor, 3, false, 1), 3);
  EXPECT_EQ(displayedColor(Mode::FlaggedAndColor, 0, true, 1), 0);
  EXPECT_EQ(displayedColor(Mode::FlaggedImplicit, 0, true, 1), 1);
  EXPECT_EQ(displayedColor(Mode::FlaggedImplicit, 0, true, 8), 8);
  EXPECT_EQ(displayedColor(Mode::FlaggedImplicit, 0, false, 1), 0);
  EXPECT_EQ(displayedColor(Mode::FlaggedImplicit, 5, true, 1), 5);
  EXPECT_EQ(displayedColor(Mode::FlaggedImplicit, 5, false, 1), 5);  // unflagged keeps its color
}

// "client sets color_label=N" column: keywords always replaced; only implicit touches \Flagged.
TEST(FlaggingMode, ColorUpdateColumn) {
  for (auto mode : {Mode::ColorOnly, Mode::FlaggedOnly, Mode::FlaggedAndColor, Mode::FlaggedImplicit}) {
    const auto update = colorUpdate(mode, 4);
    EXPECT_EQ(update.add, "$cl_4");
    EXPECT_EQ(update.remove.size(), 22U);
    EXPECT_EQ(update.remove.front(), "$cl_0");
    EXPECT_EQ(update.remove.back(), "cl_10");
    EXPECT_EQ(update.flagged.has_value(), mode == Mode::FlaggedImplicit) << modeName(mode);
  }
  EXPECT_EQ(colorUpdate(Mode::FlaggedImplicit, 4).flagged, true);
  EXPECT_EQ(colorUpdate(Mode::FlaggedImplicit, 0).flagged, false);
  EXPECT_EQ(colorUpdate(Mode::ColorOnly, 0).add, "$cl_0");  // color 0 leaves $cl_0
}

// "client sets flags=8" column: \Flagged only, in every mode; and the 611 bits.
TEST(FlaggingMode, FlagBits) {
  EXPECT_EQ(imapFlagsForBits(8), std::vector<std::string>{"\\Flagged"});
  EXPECT_EQ(imapFlagsForBits(32 | 1), (std::vector<std::string>{"\\Answered", "\\Seen"}));
  EXPECT_EQ(imapFlagsForBits(16 | 64), std::vector<std::string>{});
  EXPECT_EQ(imapFlagsForBits(256 | 512), (std::vector<std::string>{"$Forwarded", "$MDNSent"}));
  EXPECT_EQ(bitsForImapFlags({"\\Seen", "\\Flagged", "\\Recent"}), 32 | 8 | 16);
  EXPECT_EQ(bitsForImapFlags({"$Forwarded", "$cl_3"}), 256);
  EXPECT_EQ(bitsForImapFlags({"$MDNSent", "todo"}), 512 | 64);
  EXPECT_EQ(bitsForImapFlags({"\\seen"}), 32);
}

TEST(FlaggingMode, FeaturesAndAppSupport) {
  EXPECT_FALSE(features(Mode::ColorOnly).star);
  EXPECT_TRUE(features(Mode::ColorOnly).color);
  EXPECT_TRUE(features(Mode::FlaggedOnly).star);
  EXPECT_FALSE(features(Mode::FlaggedOnly).color);
  EXPECT_TRUE(features(Mode::FlaggedAndColor).star);
  EXPECT_TRUE(features(Mode::FlaggedAndColor).color);
  EXPECT_FALSE(features(Mode::FlaggedImplicit).star);
  EXPECT_TRUE(features(Mode::FlaggedImplicit).color);
  EXPECT_FALSE(supportedByMailApp(Mode::ColorOnly));
  EXPECT_FALSE(supportedByMailApp(Mode::FlaggedAndColor));
  EXPECT_TRUE(supportedByMailApp(Mode::FlaggedOnly));
  EXPECT_TRUE(supportedByMailApp(Mode::FlaggedImplicit));
}

}  // namespace
}  // namespace oxh::facade::flagging
