#include "mock_dovecot/imap/sequence_set.hpp"

#include <gtest/gtest.h>

#include "mock_dovecot/imap/fetch_items.hpp"

namespace oxh::dovecot::imap {
namespace {

TEST(SequenceSet, ParsesSwapsAndMerges) {
  auto set = parseSequenceSet("5:3,1,2,9:*");
  ASSERT_TRUE(set);
  ASSERT_EQ(set->size(), 2U);
  EXPECT_EQ((*set)[0].first, 1U);
  EXPECT_EQ((*set)[0].last, 5U);
  EXPECT_EQ((*set)[1].first, 9U);
  EXPECT_EQ((*set)[1].last, kSeqStar);
  EXPECT_FALSE(parseSequenceSet("0"));
  EXPECT_FALSE(parseSequenceSet("1:0"));
  EXPECT_FALSE(parseSequenceSet("x"));
  EXPECT_FALSE(parseSequenceSet("1,,2"));
  EXPECT_TRUE(parseSequenceSet("1,"));
}

TEST(SequenceSet, ValidityFollowsDovecot) {
  EXPECT_FALSE(validMessageSet(*parseSequenceSet("1"), 0));
  EXPECT_FALSE(validMessageSet(*parseSequenceSet("*"), 0));
  EXPECT_TRUE(validMessageSet(*parseSequenceSet("*"), 3));
  EXPECT_TRUE(validMessageSet(*parseSequenceSet("3:*"), 3));
  EXPECT_FALSE(validMessageSet(*parseSequenceSet("4:*"), 3));
  EXPECT_FALSE(validMessageSet(*parseSequenceSet("1,4"), 3));
  EXPECT_TRUE(validMessageSet(*parseSequenceSet("3,1"), 3));
}

TEST(SequenceSet, Formats) {
  EXPECT_EQ(formatSequenceSet({1, 2, 3, 5, 7, 8}), "1:3,5,7:8");
  EXPECT_EQ(formatSequenceSet({4}), "4");
  EXPECT_EQ(formatSequenceSet({}), "");
}

ImapArg atom(std::string value) {
  ImapArg arg;
  arg.value = std::move(value);
  return arg;
}

ImapArg list(std::vector<ImapArg> items) {
  ImapArg arg;
  arg.type = ImapArg::Type::kList;
  arg.list = std::move(items);
  return arg;
}

TEST(FetchItems, BufferedItemsComeFirstAndUidFetchAddsUid) {
  std::string error;
  auto request = parseFetchRequest({atom("1"), list({atom("ENVELOPE"), atom("flags"), atom("BODY.PEEK[1]<0.5>")})},
                                   true, error);
  ASSERT_TRUE(request) << error;
  ASSERT_EQ(request->items.size(), 4U);
  EXPECT_EQ(request->items[0].name, "UID");
  EXPECT_EQ(request->items[1].name, "FLAGS");
  EXPECT_EQ(request->items[2].name, "ENVELOPE");
  EXPECT_EQ(request->items[3].name, "BODY[1]<0>");
  EXPECT_EQ(request->items[3].partialSize, 5U);
  EXPECT_FALSE(request->updateSeen);
}

TEST(FetchItems, HeaderFieldsAndImplicitFlags) {
  std::string error;
  auto request = parseFetchRequest(
      {atom("1"), list({atom("BODY[HEADER.FIELDS"), list({atom("subject"), atom("From")}), atom("]"), atom("UID")})},
      false, error);
  ASSERT_TRUE(request) << error;
  ASSERT_EQ(request->items.size(), 3U);
  EXPECT_EQ(request->items[0].name, "UID");
  EXPECT_EQ(request->items[1].name, "FLAGS");  // implicit, shown only when \Seen changes
  EXPECT_EQ(request->items[2].name, "BODY[HEADER.FIELDS (SUBJECT FROM)]");
  EXPECT_TRUE(request->updateSeen);
}

TEST(FetchItems, ErrorsAreDovecots) {
  std::string error;
  EXPECT_FALSE(parseFetchRequest({atom("1"), atom("FOO")}, false, error));
  EXPECT_EQ(error, "Unknown parameter: FOO");
  EXPECT_FALSE(parseFetchRequest({atom("1"), list({})}, false, error));
  EXPECT_EQ(error, "FETCH list is empty.");
  EXPECT_FALSE(parseFetchRequest({atom("1"), atom("BODY[FOO]")}, false, error));
  EXPECT_EQ(error, "Invalid BODY[..] section");
  EXPECT_FALSE(parseFetchRequest({atom("1"), atom("BODY[1]<x>")}, false, error));
  EXPECT_EQ(error, "Invalid BODY[..] parameter: Too big partial start");  // no digits (confirmed against Dovecot 2.3.19)
  EXPECT_FALSE(parseFetchRequest({atom("1"), atom("RFC822.FOO")}, false, error));
  EXPECT_EQ(error, "Unknown parameter RFC822.FOO");
}

}  // namespace
}  // namespace oxh::dovecot::imap
