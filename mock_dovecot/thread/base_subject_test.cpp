// Hand-checked RFC 5256 section 2.1 base subjects (keys are titlecased, as Dovecot compares).
#include <gtest/gtest.h>

#include "mock_dovecot/thread/base_subject.hpp"
#include "mock_dovecot/thread/threading.hpp"

namespace oxh::dovecot::thread {
namespace {

TEST(BaseSubject, StripsLeadersTrailersAndBlobs) {
  EXPECT_EQ(baseSubject("Project plan"), "PROJECT PLAN");
  EXPECT_EQ(baseSubject("Re: Re: [list] status (fwd)"), "STATUS");
  EXPECT_EQ(baseSubject("[list] Re: status"), "STATUS");
  EXPECT_EQ(baseSubject("Re[2]: x"), "X");           // blob between "re" and ':'
  EXPECT_EQ(baseSubject("Re : x"), "X");             // one space before ':'
  EXPECT_EQ(baseSubject("Fwd: [fwd: Re: x]"), "X");  // step 6 unwraps, then back to step 2
  EXPECT_EQ(baseSubject("[a][b] x"), "X");
  EXPECT_EQ(baseSubject("[list] [x]"), "[X]");       // a blob stays when nothing follows
  EXPECT_EQ(baseSubject("Re: (fwd)"), "");
  EXPECT_EQ(baseSubject("  a \t\r\n b  "), "A B");
  EXPECT_EQ(baseSubject("Report: x"), "REPORT: X");  // "re" must be followed by ':'
}

TEST(BaseSubject, ReplyOrForwardFlag) {
  EXPECT_FALSE(extractBaseSubject("Status").isReplyOrForward);
  EXPECT_FALSE(extractBaseSubject("[list] Status").isReplyOrForward);
  EXPECT_TRUE(extractBaseSubject("Status (fwd)").isReplyOrForward);
  EXPECT_TRUE(extractBaseSubject("[fwd: Status]").isReplyOrForward);
  EXPECT_TRUE(extractBaseSubject("FW: Status").isReplyOrForward);
}

TEST(BaseSubject, DecodesEncodedWordsAndFoldsCase) {
  EXPECT_EQ(baseSubject("=?utf-8?Q?Caf=C3=A9?="), "CAFE\xCC\x81");  // E + U+0301
  EXPECT_EQ(baseSubject("=?iso-8859-1?q?=C9t=E9?="), "E\xCC\x81TE\xCC\x81");
  EXPECT_EQ(baseSubject("=?utf-8?B?w5xiZXI=?= =?utf-8?B?IGFsbGVz?="), "U\xCC\x88" "BER ALLES");
  EXPECT_EQ(baseSubject("Re: =?utf-8?q?stra=C3=9Fe?="), "STRA\xC3\x9F" "E");  // no titlecase for sharp s
  EXPECT_EQ(baseSubject("=?utf-8?q?Re=3A_x?="), "X");  // leaders are removed after decoding
  EXPECT_EQ(baseSubject("=?bogus"), "=?BOGUS");
}

}  // namespace
}  // namespace oxh::dovecot::thread
