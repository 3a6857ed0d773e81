#include "mock_dovecot/imap/select_qresync.hpp"

#include <gtest/gtest.h>

#include "mock_dovecot/imap/command_parser.hpp"

namespace oxh::dovecot::imap {
namespace {

std::string parseError(const std::string& list) {
  CommandParser parser(65536);
  parser.feed("a SELECT INBOX (QRESYNC " + list + ")\r\n");
  ParseOutcome outcome = parser.poll({});
  EXPECT_EQ(outcome.kind, ParseOutcome::Kind::kCommand);
  std::string error;
  auto parameters = parseQresyncParameters(outcome.args.at(1).list.at(1), error);
  EXPECT_EQ(parameters.has_value(), error.empty());
  return error;
}

TEST(SelectQresync, ParametersAndDefaults) {
  CommandParser parser(65536);
  parser.feed("a SELECT INBOX (QRESYNC (7 0))\r\n");
  ParseOutcome outcome = parser.poll({});
  std::string error;
  auto parameters = parseQresyncParameters(outcome.args.at(1).list.at(1), error);
  ASSERT_TRUE(parameters);
  EXPECT_EQ(parameters->uidValidity, 7U);
  EXPECT_EQ(parameters->modseq, 0U);
  ASSERT_EQ(parameters->knownUids.size(), 1U);
  EXPECT_EQ(parameters->knownUids[0].first, 1U);
  EXPECT_EQ(parameters->knownUids[0].last, kSeqStar);
  EXPECT_EQ(parseError("(7 1 1:5 (1,2 1,3))"), "");
}

TEST(SelectQresync, DovecotErrors) {
  EXPECT_EQ(parseError("(1)"), "Invalid QRESYNC parameters");
  EXPECT_EQ(parseError("(x 1)"), "Invalid QRESYNC parameters");
  EXPECT_EQ(parseError("(1 1 x)"), "Invalid QRESYNC known-uids");
  EXPECT_EQ(parseError("(1 1 1:*)"), "Invalid QRESYNC known-uids");
  EXPECT_EQ(parseError("(1 1 1:5 (1:* 1:*))"), "Invalid QRESYNC known-sequence-set");
  EXPECT_EQ(parseError("(1 1 1:5 (1:2))"), "Invalid QRESYNC known-uid-set");
  EXPECT_EQ(parseError("(1 1 1:5 (1:2 1:2 3))"), "Too many parameters to QRESYNC known set");
  EXPECT_EQ(parseError("(1 1 1:5 (1:2 1:3))"), "Invalid QRESYNC sets");
  EXPECT_EQ(parseError("(1 1 1:5 (1 1) x)"), "Invalid QRESYNC parameters");
}

}  // namespace
}  // namespace oxh::dovecot::imap
