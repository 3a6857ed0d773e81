#include "common/codec/mutf7.hpp"

#include <gtest/gtest.h>

namespace oxh::codec {
namespace {

TEST(Mutf7, RoundTripsTheRfcAndDovecotExamples) {
  const std::pair<std::string, std::string> cases[] = {
      {"Entwürfe", "Entw&APw-rfe"},
      {"Gelöschte Elemente", "Gel&APY-schte Elemente"},
      {"INBOX", "INBOX"},
      {"R&D", "R&-D"},
      {"~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"},  // RFC 3501 5.1.3
      {"😀 mail", "&2D3eAA- mail"},                                      // a surrogate pair
      {"", ""},
  };
  for (const auto& [utf8, wire] : cases) {
    EXPECT_EQ(encodeMutf7(utf8), wire) << utf8;
    EXPECT_EQ(decodeMutf7(wire), utf8) << wire;
  }
}

TEST(Mutf7, RejectsWhatIsNotModifiedUtf7) {
  EXPECT_EQ(decodeMutf7("Entw\xc3\xbcrfe"), std::nullopt);  // raw UTF-8
  EXPECT_EQ(decodeMutf7("&APw"), std::nullopt);             // no "-"
  EXPECT_EQ(decodeMutf7("&AP/-"), std::nullopt);            // "/" is not modified BASE64
  EXPECT_EQ(decodeMutf7("&AGE-"), std::nullopt);            // "a" must not be encoded
  EXPECT_EQ(decodeMutf7("&2D0-"), std::nullopt);            // an unpaired high surrogate
  EXPECT_EQ(displayMailboxName("Entw\xc3\xbcrfe"), "Entw\xc3\xbcrfe");
  EXPECT_EQ(displayMailboxName("Entw&APw-rfe"), "Entwürfe");
}

}  // namespace
}  // namespace oxh::codec
