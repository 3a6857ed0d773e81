#include "mock_facade/pns/message_generator.hpp"

#include <gtest/gtest.h>

namespace oxh::facade::pns {
namespace {

MailNewData dovecotMail() {
  MailNewData data;
  data.id = "2345";
  data.email = "alice@barfoo.org";
  data.displayname = "Alice";
  data.subject = "Test";
  data.teaser = "Hey guys";
  data.unread = 5;
  return data;
}

TEST(MessageGenerator, Eras) {
  EXPECT_EQ(parseEra("7.8.4-rev22"), Era::V78);
  EXPECT_EQ(parseEra("7.8"), Era::V78);
  EXPECT_EQ(parseEra("7.10"), Era::V710);
  EXPECT_EQ(parseEra("7.10.6"), Era::V710);
  EXPECT_EQ(parseEra("8.19.0"), Era::V710);
  EXPECT_FALSE(parseEra("7.6"));
  EXPECT_FALSE(parseEra("latest"));
}

TEST(MessageGenerator, Apns710ExactPayload) {
  const auto payload = apnsPayload(Era::V710, dovecotMail(), {});
  EXPECT_EQ(payload.dump(), R"({"aps":{"alert":{"title":"Test","body":"Alice\nTest"},"badge":5,"sound":"default",)"
                            R"("category":"new-message-category"},"cid":"default0/INBOX/2345","namespace":"/"})");
}

TEST(MessageGenerator, Apns710SilentAndSwitches) {
  auto data = dovecotMail();
  data.subject.clear();
  EXPECT_EQ(apnsPayload(Era::V710, data, {}).dump(),
            R"({"aps":{"content-available":1},"cid":"default0/INBOX/2345","namespace":"/"})");
  data = dovecotMail();
  data.displayname.clear();
  data.unread.reset();
  EXPECT_EQ(apnsPayload(Era::V710, data, {true, false, "x"}).dump(),
            R"({"aps":{"alert":{"title":"Test","body":"alice@barfoo.org\nTest"},)"
            R"("category":"new-message-category"},"cid":"default0/INBOX/2345","namespace":"/"})");
  data.subject = std::string(2000, 'x');
  EXPECT_EQ(apnsPayload(Era::V710, data, {}).at("aps").at("alert").at("body").get<std::string>().size(),
            kApnsMaxAlertBody);
}

TEST(MessageGenerator, Apns78ExactPayload) {
  EXPECT_EQ(apnsPayload(Era::V78, dovecotMail(), {true, true, "beep.wav"}).dump(),
            R"({"aps":{"alert":"Alice\nTest","badge":5,"sound":"beep.wav"},"folder":"default0/INBOX"})");
  auto data = dovecotMail();
  data.subject.clear();
  EXPECT_EQ(apnsPayload(Era::V78, data, {}).dump(), R"({"aps":{"badge":5},"folder":"default0/INBOX"})");
  data.cid = "default0/INBOX/7";
  data.unread.reset();
  EXPECT_EQ(apnsPayload(Era::V78, data, {}).dump(), R"({"aps":{},"cid":"default0/INBOX/7"})");
}

TEST(MessageGenerator, FcmDataIsStrings) {
  EXPECT_EQ(fcmData(dovecotMail()).dump(),
            R"({"folder":"default0/INBOX","id":"2345","email":"alice@barfoo.org","displayname":"Alice",)"
            R"("subject":"Test","unread":"5","teaser":"Hey guys"})");
  auto data = dovecotMail();
  data.displayname.clear();
  data.unread.reset();
  EXPECT_FALSE(fcmData(data).contains("displayname"));
  EXPECT_FALSE(fcmData(data).contains("unread"));
}

TEST(MessageGenerator, SplitFrom) {
  std::string email;
  std::string name;
  splitFrom("\"Bob \\\"B\\\" Smith\" <bob@example.org>", email, name);
  EXPECT_EQ(email, "bob@example.org");
  EXPECT_EQ(name, "Bob \"B\" Smith");
  splitFrom("Carol <carol@example.org>", email, name);
  EXPECT_EQ(name, "Carol");
  splitFrom(" dave@example.org ", email, name);
  EXPECT_EQ(email, "dave@example.org");
  EXPECT_EQ(name, "");
}

}  // namespace
}  // namespace oxh::facade::pns
