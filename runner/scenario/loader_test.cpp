// Top-level scenario documents: keys, multi-document files, YAML errors, duplicate names.
#include "runner/scenario/loader.hpp"

#include <gtest/gtest.h>

#include "runner/scenario/loader_test_support.hpp"

namespace oxh::runner {
namespace {

using testing::expectOneError;
using testing::load;

TEST(Loader, LoadsAFullScenario) {
  const auto result = load(R"(name: new mail reaches iOS
description: the happy path
tags: [push, dovecot]
requires: [METADATA]
timeout: 30s
unexpected: fail
users:
  - {login: alice, password: pw, user_id: 3, context_id: 1, flagging: flaggedImplicit}
steps:
  - facade.login: {user: alice}
  - lmtp.deliver: {to: alice, subject: Hello}
  - expect.notify: {match: {user: "3@1"}, within: 2s}
)");
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  ASSERT_EQ(result.scenarios.size(), 1u);
  const Scenario& scenario = result.scenarios[0];
  EXPECT_EQ(scenario.name, "new mail reaches iOS");
  EXPECT_EQ(scenario.description, "the happy path");
  EXPECT_EQ(scenario.file, "s.yaml");
  EXPECT_EQ(scenario.where, (SourcePosition{"s.yaml", 1, 1}));
  EXPECT_EQ(scenario.tags, (std::vector<std::string>{"push", "dovecot"}));
  EXPECT_EQ(scenario.requiredCapabilities, std::vector<std::string>{"METADATA"});
  EXPECT_EQ(scenario.timeout, std::chrono::seconds(30));
  EXPECT_TRUE(scenario.strictUnexpected);
  EXPECT_TRUE(scenario.matrixCell.empty());
  EXPECT_EQ(scenario.displayName(), "new mail reaches iOS");
  ASSERT_EQ(scenario.steps.size(), 3u);
  EXPECT_EQ(scenario.steps[0].kind, "facade.login");
  EXPECT_EQ(scenario.steps[0].where, (SourcePosition{"s.yaml", 10, 5}));
  EXPECT_EQ(scenario.steps[0].args["user"].as<std::string>(), "alice");
  EXPECT_EQ(scenario.steps[1].index, 1u);
  EXPECT_EQ(scenario.steps[2].kind, "expect.notify");
  EXPECT_EQ(scenario.steps[2].args["within"].as<std::string>(), "2s");
  EXPECT_EQ(scenario.steps[2].index, 2u);
}

TEST(Loader, DefaultsWhenOptionalKeysAreAbsent) {
  const auto result = load("name: minimal\nsteps: []\n");
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  ASSERT_EQ(result.scenarios.size(), 1u);
  EXPECT_FALSE(result.scenarios[0].strictUnexpected);
  EXPECT_FALSE(result.scenarios[0].timeout.has_value());
  EXPECT_TRUE(result.scenarios[0].topology.empty());
  EXPECT_TRUE(result.scenarios[0].users.empty());
  EXPECT_TRUE(result.scenarios[0].steps.empty());
}

TEST(Loader, UnexpectedReport) {
  const auto result = load("name: x\nunexpected: report\nsteps: []\n");
  ASSERT_EQ(result.scenarios.size(), 1u);
  EXPECT_FALSE(result.scenarios[0].strictUnexpected);
}

TEST(Loader, SeveralDocumentsAreSeveralScenariosInOrder) {
  const auto result = load(R"(name: first
steps:
  - noop:
---
name: second
steps:
  - facade.login: {user: bob}
---
)");
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  ASSERT_EQ(result.scenarios.size(), 2u);
  EXPECT_EQ(result.scenarios[0].name, "first");
  EXPECT_EQ(result.scenarios[1].name, "second");
  EXPECT_EQ(result.scenarios[1].where, (SourcePosition{"s.yaml", 5, 1}));
  EXPECT_EQ(result.scenarios[1].steps[0].where, (SourcePosition{"s.yaml", 7, 5}));
  EXPECT_EQ(result.scenarios[1].steps[0].index, 0u);
}

TEST(Loader, UnknownTopLevelKeySuggests) {
  const auto result = load("name: x\nstpes: []\nsteps: []\n");
  expectOneError(result, "oxh.scenario.unknown-key", 2, 1, "unknown key 'stpes' in scenario (did you mean 'steps'?)");
}

TEST(Loader, MissingNameAndSteps) {
  const auto result = load("description: nothing\n");
  ASSERT_EQ(result.errors.size(), 2u) << testing::allErrors(result);
  EXPECT_EQ(result.errors[0].id(), "oxh.scenario.missing-field");
  EXPECT_EQ(result.errors[0].message(), "scenario needs 'name'");
  EXPECT_EQ(result.errors[0].where(), (SourcePosition{"s.yaml", 1, 1}));
  EXPECT_EQ(result.errors[1].message(), "scenario needs 'steps'");
  EXPECT_TRUE(result.scenarios.empty());
}

TEST(Loader, MalformedYamlReportsTheParserPosition) {
  const auto result = load("name: x\nsteps:\n  - noop: {a: 1\n");
  ASSERT_EQ(result.errors.size(), 1u) << testing::allErrors(result);
  EXPECT_EQ(result.errors[0].id(), "oxh.scenario.yaml");
  ASSERT_TRUE(result.errors[0].where().has_value());
  EXPECT_EQ(result.errors[0].where()->file, "s.yaml");
  EXPECT_EQ(result.errors[0].where()->line, 4);
  EXPECT_FALSE(result.errors[0].message().empty());
}

TEST(Loader, MalformedYamlBadIndentation) {
  const auto result = load("name: x\n  steps: []\n");
  ASSERT_EQ(result.errors.size(), 1u) << testing::allErrors(result);
  EXPECT_EQ(result.errors[0].id(), "oxh.scenario.yaml");
  EXPECT_EQ(result.errors[0].where()->line, 2);
  EXPECT_EQ(result.errors[0].where()->column, 8);
}

TEST(Loader, NotAMappingAtTheTop) {
  expectOneError(load("- noop:\n"), "oxh.scenario.not-a-scenario", 1, 1);
  expectOneError(load("just text\n"), "oxh.scenario.not-a-scenario", 1, 1);
  expectOneError(load("name: ok\nsteps: []\n---\n- noop:\n"), "oxh.scenario.not-a-scenario", 4, 1);
}

TEST(Loader, DuplicateScenarioNames) {
  const auto result = load("name: same\nsteps: []\n---\nname: same\nsteps: []\n");
  expectOneError(result, "oxh.scenario.duplicate-name", 4, 7, "scenario name 'same' is already used at s.yaml:1:1");
}

TEST(Loader, DuplicateKeyInADocument) {
  expectOneError(load("name: a\nname: b\nsteps: []\n"), "oxh.scenario.duplicate-key", 2, 1, "duplicate key 'name'");
}

TEST(Loader, WrongTypesAtTheTop) {
  expectOneError(load("name: [a]\nsteps: []\n"), "oxh.scenario.wrong-type", 1, 7, "'name' must be a string, got a list");
  expectOneError(load("name: x\nsteps: {a: 1}\n"), "oxh.scenario.wrong-type", 2, 8,
                 "'steps' must be a list of steps, got a map");
  expectOneError(load("name: x\ntimeout: soon\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 10,
                 "'timeout' must be a duration like 2s or 500ms, got 'soon'");
  expectOneError(load("name: x\nunexpected: maybe\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 13,
                 "'unexpected' must be 'fail' or 'report', got 'maybe'");
  expectOneError(load("name: x\ntags: [a, {b: 1}]\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 11,
                 "'tags' must be a list of strings, got a map");
  expectOneError(load("name: x\nvars: [a]\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 7);
}

TEST(Loader, CollectsAllErrorsOfAFile) {
  const auto result = load(R"(name: x
colour: red
steps:
  - facade.lgin: {user: a}
  - lmtp.deliver: {subject: hi}
---
name: y
steps:
  - wait: soon
)");
  ASSERT_EQ(result.errors.size(), 4u) << testing::allErrors(result);
  EXPECT_EQ(result.errors[0].id(), "oxh.scenario.unknown-key");
  EXPECT_EQ(result.errors[1].id(), "oxh.scenario.unknown-step");
  EXPECT_EQ(result.errors[2].id(), "oxh.scenario.missing-field");
  EXPECT_EQ(result.errors[3].id(), "oxh.scenario.wrong-type");
  EXPECT_EQ(result.errors[3].where(), (SourcePosition{"s.yaml", 9, 11}));
  EXPECT_TRUE(result.scenarios.empty());
}

TEST(Loader, EmptyTextHasNoScenariosAndNoErrors) {
  const auto result = load("");
  EXPECT_TRUE(result.errors.empty());
  EXPECT_TRUE(result.scenarios.empty());
}

TEST(Loader, DescribeGivesTheOneLineForm) {
  const auto result = load("name: x\nsteps:\n  - facade.pns_subscibe: {user: a}\n");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].describe(),
            "[oxh.scenario.unknown-step] s.yaml:3:5: unknown step 'facade.pns_subscibe' (did you mean "
            "'facade.pns_subscribe'?)");
}

}  // namespace
}  // namespace oxh::runner
