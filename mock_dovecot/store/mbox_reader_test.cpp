#include "mock_dovecot/store/mbox_reader.hpp"

#include <gtest/gtest.h>

#include "common/error/error.hpp"

namespace oxh::dovecot {
namespace {

constexpr std::string_view kMbox =
    "From alice@example.org Mon Jan  1 10:00:00 2024\n"
    "Subject: one\n"
    "\n"
    ">From the start\n"
    ">>From quoted twice\n"
    "> From not a From_ quote\n"
    "\n"
    "From bob@example.org Mon Jan  1 11:00:00 2024\n"
    "Subject: two\n"
    "\n"
    "last line\n";

TEST(MboxReader, MboxrdSplitsAndUnquotesOneLevel) {
  const auto messages = splitMbox(kMbox, MboxFormat::kMboxrd, "f.mbox");
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0], "Subject: one\r\n\r\nFrom the start\r\n>From quoted twice\r\n> From not a From_ quote\r\n");
  EXPECT_EQ(messages[1], "Subject: two\r\n\r\nlast line\r\n");
}

TEST(MboxReader, MboxoUnquotesOnlySingleQuotes) {
  const auto messages = splitMbox(kMbox, MboxFormat::kMboxo, "f.mbox");
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0], "Subject: one\r\n\r\nFrom the start\r\n>>From quoted twice\r\n> From not a From_ quote\r\n");
}

TEST(MboxReader, CrlfInputAndNoFinalNewline) {
  const auto messages =
      splitMbox("From a Mon Jan  1 10:00:00 2024\r\nSubject: x\r\n\r\nbody\r\n\r\nFrom b Mon Jan  1 10:00:00 2024\r\nSubject: y\r\n\r\nend",
                MboxFormat::kMboxrd, "f.mbox");
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0], "Subject: x\r\n\r\nbody\r\n");
  EXPECT_EQ(messages[1], "Subject: y\r\n\r\nend\r\n");
}

TEST(MboxReader, ErrorsNameFileAndLine) {
  try {
    splitMbox("Subject: not mbox\n", MboxFormat::kMboxrd, "f.mbox");
    FAIL() << "no error";
  } catch (const OxhException& error) {
    EXPECT_EQ(error.error().describe(),
              "[oxh.dovecot.mbox] f.mbox:1: not an mbox file: the first line is not a \"From \" separator line");
  }
  try {
    splitMbox("From a x\nSubject: 1\n\nFrom b y\n\nFrom c z\nSubject: 3\n", MboxFormat::kMboxrd, "f.mbox");
    FAIL() << "no error";
  } catch (const OxhException& error) {
    EXPECT_EQ(error.error().describe(), "[oxh.dovecot.mbox] f.mbox:4: the message after this \"From \" line is empty");
  }
}

TEST(MboxReader, ToCrlfAndDetection) {
  EXPECT_EQ(toCrlf("a\nb\r\nc\rd"), "a\r\nb\r\nc\r\nd");
  EXPECT_TRUE(looksLikeMbox("From x\n"));
  EXPECT_FALSE(looksLikeMbox("Subject: From x\n"));
}

}  // namespace
}  // namespace oxh::dovecot
