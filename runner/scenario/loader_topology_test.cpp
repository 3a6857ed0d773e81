// `topology:` and `users:`.
#include <gtest/gtest.h>

#include <cstdlib>

#include "runner/scenario/loader.hpp"
#include "runner/scenario/loader_test_support.hpp"

namespace oxh::runner {
namespace {

using testing::expectOneError;
using testing::load;

std::string withTopology(const std::string& topology) { return "name: x\ntopology:\n" + topology + "steps: []\n"; }

TEST(LoaderTopology, FakeAndRealComponents) {
  const auto result = load(withTopology(
      "  dovecot: {imap: \"127.0.0.1:10143\", lmtp: \"[::1]:10024\", profile: minimal-rev1, metadata_networks: [127.0.0.1/32, ::1/128]}\n"
      "  facade: fake\n"
      "  notify: {listen: \"127.0.0.1:0\", user: oxuser, password: pw}\n"
      "  apns: {environment: production}\n"));
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& topology = result.scenarios[0].topology;
  ASSERT_EQ(topology.size(), 4u);
  const auto& dovecot = topology.at("dovecot");
  EXPECT_FALSE(dovecot.fake);
  EXPECT_EQ(dovecot.endpoints.at("imap"), "127.0.0.1:10143");
  EXPECT_EQ(dovecot.endpoints.at("lmtp"), "[::1]:10024");
  EXPECT_EQ(dovecot.options.at("profile"), "minimal-rev1");
  EXPECT_EQ(dovecot.options.at("metadata_networks"), "127.0.0.1/32 ::1/128");
  EXPECT_EQ(dovecot.where, (SourcePosition{"s.yaml", 3, 3}));
  EXPECT_TRUE(topology.at("facade").fake);
  EXPECT_TRUE(topology.at("facade").endpoints.empty());
  // notify is always our embedded receiver; `listen` only says where it listens.
  EXPECT_TRUE(topology.at("notify").fake);
  EXPECT_EQ(topology.at("notify").endpoints.at("listen"), "127.0.0.1:0");
  EXPECT_EQ(topology.at("notify").options.at("user"), "oxuser");
  // A map without endpoints is a fake with options.
  EXPECT_TRUE(topology.at("apns").fake);
  EXPECT_EQ(topology.at("apns").options.at("environment"), "production");
}

TEST(LoaderTopology, UnknownComponentSuggests) {
  expectOneError(load(withTopology("  dovecott: fake\n")), "oxh.scenario.unknown-component", 3, 3,
                 "unknown component 'dovecott' in topology (did you mean 'dovecot'?)");
}

TEST(LoaderTopology, UnknownOptionForAClosedComponent) {
  expectOneError(load(withTopology("  dovecot: {imapp: \"h:1\"}\n")), "oxh.scenario.unknown-key", 3, 13,
                 "unknown key 'imapp' for component 'dovecot' (did you mean 'imap'?)");
  expectOneError(load(withTopology("  notify: {status: 200, colour: red}\n")), "oxh.scenario.unknown-key", 3, 25);
}

TEST(LoaderTopology, BadAddresses) {
  expectOneError(load(withTopology("  dovecot: {imap: localhost}\n")), "oxh.scenario.bad-address", 3, 19,
                 "'imap' of component 'dovecot' must be host:port (IPv6 host in brackets), got 'localhost'");
  expectOneError(load(withTopology("  dovecot:\n    imap: \"h:99999\"\n")), "oxh.scenario.bad-address", 4, 11);
  expectOneError(load(withTopology("  facade: {http: \"::1:80\"}\n")), "oxh.scenario.bad-address", 3, 18);
  expectOneError(load(withTopology("  fcm: {listen: \":80\"}\n")), "oxh.scenario.bad-address", 3, 17);
  expectOneError(load(withTopology("  apns: {listen: \"[::1]\"}\n")), "oxh.scenario.bad-address", 3, 18);
}

TEST(LoaderTopology, ScalarOtherThanFake) {
  expectOneError(load(withTopology("  dovecot: real\n")), "oxh.scenario.wrong-type", 3, 12,
                 "component 'dovecot' must be 'fake' or a map of endpoints and options, got 'real'");
  expectOneError(load("name: x\ntopology: [dovecot]\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 11);
}

TEST(LoaderTopology, ValuesUseStaticVariables) {
  ::setenv("OXH_TOPOLOGY_TEST_PORT", "10993", 1);
  LoadOptions options;
  options.cliVars["lmtpport"] = "24";
  const auto result = load(R"(name: x
vars: {host: 10.0.0.5}
topology:
  dovecot:
    imap: "${host}:143"
    imaps: "${host}:${env.OXH_TOPOLOGY_TEST_PORT}"
    lmtp: "${host}:${lmtpport}"
steps: []
)",
                           options);
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& dovecot = result.scenarios[0].topology.at("dovecot");
  EXPECT_EQ(dovecot.endpoints.at("imap"), "10.0.0.5:143");
  EXPECT_EQ(dovecot.endpoints.at("imaps"), "10.0.0.5:10993");
  EXPECT_EQ(dovecot.endpoints.at("lmtp"), "10.0.0.5:24");
}

TEST(LoaderTopology, AddressCheckedAfterInterpolation) {
  const auto result = load("name: x\nvars: {host: nohostport}\ntopology:\n  dovecot: {imap: \"${host}\"}\nsteps: []\n");
  expectOneError(result, "oxh.scenario.bad-address", 4, 19);
}

TEST(LoaderTopology, UndefinedVariableInTopology) {
  const auto result = load(withTopology("  dovecot: {imap: \"${hots}:143\"}\n"));
  expectOneError(result, "oxh.scenario.undefined-variable", 3, 19, "undefined variable 'hots'");
}

TEST(LoaderUsers, DefaultsAndFields) {
  const auto result = load(R"(name: x
users:
  - {login: alice, password: pw, user_id: 3, context_id: 1, flagging: flaggedImplicit, email: a@x.org}
  - login: bob
    device: ios
  - login: carol@example.com
steps: []
)");
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& users = result.scenarios[0].users;
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].login, "alice");
  EXPECT_EQ(users[0].password, "pw");
  EXPECT_EQ(users[0].userId, 3);
  EXPECT_EQ(users[0].contextId, 1);
  EXPECT_EQ(users[0].flagging, "flaggedImplicit");
  EXPECT_EQ(users[0].email, "a@x.org");
  EXPECT_EQ(users[0].where, (SourcePosition{"s.yaml", 3, 5}));
  EXPECT_EQ(users[1].password, "secret");
  EXPECT_EQ(users[1].email, "bob@example.org");
  EXPECT_EQ(users[1].extra.at("device"), "ios");
  EXPECT_TRUE(users[1].flagging.empty());
  EXPECT_EQ(users[2].email, "carol@example.com");
}

TEST(LoaderUsers, Errors) {
  expectOneError(load("name: x\nusers:\n  - {password: pw}\nsteps: []\n"), "oxh.scenario.missing-field", 3, 5,
                 "user needs 'login'");
  expectOneError(load("name: x\nusers:\n  - {login: a, user_id: three}\nsteps: []\n"), "oxh.scenario.wrong-type", 3,
                 25, "'user_id' must be an integer, got 'three'");
  expectOneError(load("name: x\nusers:\n  - {login: a, flagging: colourOnly}\nsteps: []\n"), "oxh.scenario.wrong-type",
                 3, 26,
                 "'flagging' must be one of colorOnly, flaggedOnly, flaggedAndColor, flaggedImplicit, got 'colourOnly' "
                 "(did you mean 'colorOnly'?)");
  expectOneError(load("name: x\nusers:\n  - {login: a}\n  - {login: a}\nsteps: []\n"), "oxh.scenario.duplicate-user", 4,
                 13, "user 'a' is defined twice");
  expectOneError(load("name: x\nusers: {login: a}\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 8);
  expectOneError(load("name: x\nusers:\n  - alice\nsteps: []\n"), "oxh.scenario.wrong-type", 3, 5);
}

TEST(LoaderUsers, ValuesUseStaticVariables) {
  const auto result = load("name: x\nvars: {uid: \"7\", pw: s3}\nusers:\n  - {login: a, user_id: \"${uid}\", password: \"${pw}\"}\nsteps: []\n");
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  EXPECT_EQ(result.scenarios[0].users[0].userId, 7);
  EXPECT_EQ(result.scenarios[0].users[0].password, "s3");
}

}  // namespace
}  // namespace oxh::runner
