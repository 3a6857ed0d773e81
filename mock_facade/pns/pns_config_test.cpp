#include "mock_facade/pns/pns_config.hpp"

#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "mock_facade/pns/subscription_store.hpp"

namespace oxh::facade::pns {
namespace {

const std::string kDir = OXH_PNS_TESTDATA;

PnsConfig partnerConfig() {
  PnsConfigFiles files;
  files.properties = {kDir + "/pns.properties"};
  files.apnsOptions = kDir + "/pns-apns-options.yml";
  files.gcmOptions = kDir + "/pns-gcm-options.yml";
  files.facadeClients = kDir + "/pns-mobile-api-facade-clients.yml";
  files.mailPush = kDir + "/mail-push.properties";
  return PnsConfig::load(files);
}

TEST(JavaProperties, SeparatorsCommentsContinuationsEscapes) {
  const auto p = parseJavaProperties("# c\n! c\na=1\nb : 2\nc 3\nd=x\\\n   y\ne\\:f=g\nh=\\u0041\\t.\n  \n");
  EXPECT_EQ(p.at("a"), "1");
  EXPECT_EQ(p.at("b"), "2");
  EXPECT_EQ(p.at("c"), "3");
  EXPECT_EQ(p.at("d"), "xy");
  EXPECT_EQ(p.at("e:f"), "g");
  EXPECT_EQ(p.at("h"), "A\t.");
  EXPECT_EQ(p.size(), 6U);
}

TEST(JavaProperties, ListsBooleansWildcards) {
  EXPECT_EQ(parseQuotedList(R"("USM-EAS*", "open-xchange-mobile-api-facade*")"),
            (std::vector<std::string>{"USM-EAS*", "open-xchange-mobile-api-facade*"}));
  EXPECT_TRUE(parseJavaBoolean(" TRUE "));
  EXPECT_FALSE(parseJavaBoolean("yes"));
  EXPECT_TRUE(wildcardMatch("open-xchange-mobile-api-facade*", "open-xchange-mobile-api-facade-brand1"));
  EXPECT_TRUE(wildcardMatch("open-xchange-mobile-api-facade*", "open-xchange-mobile-api-facade"));
  EXPECT_FALSE(wildcardMatch("USM-EAS*", "open-xchange-mailapp"));
  EXPECT_TRUE(wildcardMatch("a?c", "abc"));
}

TEST(PnsConfig, PartnerFilesCascadeEnablement) {
  const auto config = partnerConfig();
  EXPECT_EQ(config.delayDuration(), std::chrono::milliseconds(250));
  EXPECT_EQ(config.soundFilename(), "beep.wav");
  EXPECT_TRUE(config.badgeEnabled());
  // base false, client true
  EXPECT_TRUE(config.transportEnabled("apn", kFacadeClient, kTopicMailNew));
  // brand: YAML says enabled: false
  EXPECT_FALSE(config.transportEnabled("apn", "mycompany-open-xchange-mobile-api-facade", kTopicMailNew));
  // per topic only
  EXPECT_TRUE(config.transportEnabled("apns_http2", kFacadeClient, kTopicMailNew));
  EXPECT_FALSE(config.transportEnabled("apns_http2", kFacadeClient, "ox:calendar:updates"));
  EXPECT_TRUE(config.transportEnabled("gcm", kFacadeClient, kTopicMailNew));
  EXPECT_FALSE(config.transportEnabled("gcm", "mycompany-open-xchange-mobile-api-facade", kTopicMailNew));
  EXPECT_FALSE(config.transportEnabled("wns", kFacadeClient, kTopicMailNew));
  EXPECT_EQ(config.gcm.at(kFacadeClient).key, "AIzaSyTestServerKey");
  const auto& brand = config.apns.at("mycompany-open-xchange-mobile-api-facade");
  EXPECT_EQ(brand.topic, "com.mycompany.mail");
  EXPECT_EQ(brand.authtype, "jwt");
  EXPECT_TRUE(brand.production);
  EXPECT_FALSE(config.apns.at(kFacadeClient).production);
  EXPECT_TRUE(config.generatorServes(kFacadeClient));
  EXPECT_TRUE(config.generatorServes("mycompany-open-xchange-mobile-api-facade"));
  EXPECT_FALSE(config.generatorServes("othercompany-open-xchange-mobile-api-facade"));
  EXPECT_TRUE(config.permanentPushAllowed("open-xchange-mobile-api-facade-brand1"));
  EXPECT_FALSE(config.permanentPushAllowed("open-xchange-mailapp"));
  EXPECT_TRUE(config.credstorageEnabled);
  EXPECT_EQ(config.credstoragePasscrypt, "ThisIsTheKey");
}

TEST(PnsConfig, DefaultsAreTheMiddlewares) {
  PnsConfig config;
  EXPECT_EQ(config.delayDuration(), std::chrono::milliseconds(1000));
  EXPECT_FALSE(config.transportEnabled("gcm", kFacadeClient, kTopicMailNew));
  EXPECT_EQ(config.soundFilename(), "default");
  EXPECT_TRUE(config.permanentPushAllowed(kFacadeClient));
  config.addMailPush("com.openexchange.push.allowPermanentPush=false\n");
  EXPECT_FALSE(config.permanentPushAllowed(kFacadeClient));
}

TEST(PnsConfig, BadFilesNameTheProblem) {
  PnsConfig config;
  try {
    config.addGcmOptions("client:\n  enabled: true\n", "g.yml");
    FAIL() << "no error";
  } catch (const OxhException& e) {
    EXPECT_EQ(e.error().id(), "oxh.pns.config");
    EXPECT_NE(e.error().describe().find("g.yml:2"), std::string::npos) << e.error().describe();
  }
  EXPECT_THROW(config.addApnsOptions("- a\n- b\n"), OxhException);
  EXPECT_THROW(config.addApnsOptions("a: [\n"), OxhException);
  EXPECT_THROW(PnsConfig::load({{"/nonexistent/pns.properties"}, {}, {}, {}, {}}), OxhException);
  config.addProperties("com.openexchange.pns.delayDuration=soon\n");
  EXPECT_THROW((void)config.delayDuration(), OxhException);
}

TEST(Topics, ValidationAndWildcards) {
  EXPECT_EQ(topicError("ox:mail:new"), "");
  EXPECT_EQ(topicError("*"), "");
  EXPECT_EQ(topicError("ox:mail:*"), "");
  EXPECT_NE(topicError(":ox"), "");
  EXPECT_NE(topicError("ox:"), "");
  EXPECT_NE(topicError("ox::mail"), "");
  EXPECT_NE(topicError("ox:ma il"), "");
  EXPECT_NE(topicError(""), "");
  EXPECT_TRUE(topicMatches("*", "ox:mail:new"));
  EXPECT_TRUE(topicMatches("ox:mail:*", "ox:mail:new"));
  EXPECT_FALSE(topicMatches("ox:mail:*", "ox:calendar:updates"));
  EXPECT_FALSE(topicMatches("ox:mail:new", "ox:mail:newer"));
  EXPECT_EQ(canonicalTransport("apns"), "apn");
  EXPECT_EQ(canonicalTransport("gcm"), "gcm");
  EXPECT_FALSE(canonicalTransport("pigeon"));
}

Subscription sub(std::int64_t user, const std::string& token, const std::string& transport = "apn") {
  return {user, 1, kFacadeClient, transport, token, {kTopicMailNew}, {}, 0};
}

TEST(SubscriptionStore, TakeoverUnsubscribeRemoveReplace) {
  SubscriptionStore store;
  EXPECT_FALSE(store.subscribe(sub(3, "aa")));
  EXPECT_FALSE(store.subscribe(sub(3, "aa")));  // same user again: no takeover
  EXPECT_EQ(store.all().size(), 1U);
  auto taken = store.subscribe(sub(4, "aa"));
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->userId, 3);
  EXPECT_TRUE(store.forUser(3, 1).empty());
  EXPECT_EQ(store.matching(4, 1, kTopicMailNew).size(), 1U);
  EXPECT_TRUE(store.matching(4, 1, "ox:calendar:updates").empty());
  EXPECT_FALSE(store.unsubscribe(3, 1, kFacadeClient, "apn", "aa"));
  store.subscribe(sub(4, "bb", "gcm"));
  store.subscribe(sub(4, "cc", "gcm"));
  EXPECT_EQ(store.replaceToken("gcm", "bb", "cc"), 1U);
  EXPECT_EQ(store.forUser(4, 1).size(), 2U);  // bb became cc, duplicates merged
  EXPECT_EQ(store.removeToken("gcm", "cc").size(), 1U);
  EXPECT_TRUE(store.unsubscribe(4, 1, kFacadeClient, "apn", "aa"));
  EXPECT_TRUE(store.all().empty());
}

}  // namespace
}  // namespace oxh::facade::pns
