// `matrix:`, `vars:` and --var overrides.
#include <gtest/gtest.h>

#include "runner/scenario/loader.hpp"
#include "runner/scenario/loader_test_support.hpp"

namespace oxh::runner {
namespace {

using testing::expectOneError;
using testing::load;

TEST(LoaderMatrix, CartesianProductInWrittenKeyOrder) {
  const auto result = load(R"(name: flags
matrix:
  platform: [ios, android]
  mode: [colorOnly, flaggedOnly, flaggedImplicit]
users:
  - {login: alice, flagging: "${mode}"}
steps:
  - noop: {note: "${platform}/${mode}"}
---
name: after
steps: []
)");
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  ASSERT_EQ(result.scenarios.size(), 7u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"ios", "colorOnly"},         {"ios", "flaggedOnly"},     {"ios", "flaggedImplicit"},
      {"android", "colorOnly"},     {"android", "flaggedOnly"}, {"android", "flaggedImplicit"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Scenario& scenario = result.scenarios[i];
    EXPECT_EQ(scenario.name, "flags");
    EXPECT_EQ(scenario.matrixCell.at("platform"), expected[i].first) << i;
    EXPECT_EQ(scenario.matrixCell.at("mode"), expected[i].second) << i;
    EXPECT_EQ(scenario.vars.at("mode"), expected[i].second) << i;
    EXPECT_EQ(scenario.users.at(0).flagging, expected[i].second) << i;
    EXPECT_EQ(scenario.steps.size(), 1u);
  }
  EXPECT_EQ(result.scenarios[0].displayName(), "flags[mode=colorOnly,platform=ios]");
  EXPECT_EQ(result.scenarios[6].name, "after");
  EXPECT_TRUE(result.scenarios[6].matrixCell.empty());
}

TEST(LoaderMatrix, BadAxes) {
  expectOneError(load("name: x\nmatrix: {mode: []}\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 16,
                 "'matrix.mode' must be a non-empty list of values, got a list");
  expectOneError(load("name: x\nmatrix: {mode: ios}\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 16);
  expectOneError(load("name: x\nmatrix: {mode: [a, [b]]}\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 20);
  expectOneError(load("name: x\nmatrix: [a]\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 9);
  expectOneError(load("name: x\nmatrix: {'a b': [1]}\nsteps: []\n"), "oxh.scenario.wrong-type", 2, 10);
}

TEST(LoaderMatrix, ErrorsInEveryCellAreReportedOnce) {
  const auto result =
      load("name: x\nmatrix: {m: [a, b, c]}\ntopology:\n  dovecot: {imap: bad}\nsteps: []\n");
  expectOneError(result, "oxh.scenario.bad-address", 4, 19);
}

TEST(LoaderMatrix, CellValuesReachTopology) {
  const auto result = load("name: x\nmatrix: {port: [143, 993]}\ntopology:\n  dovecot: {imap: \"h:${port}\"}\nsteps: []\n");
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  ASSERT_EQ(result.scenarios.size(), 2u);
  EXPECT_EQ(result.scenarios[0].topology.at("dovecot").endpoints.at("imap"), "h:143");
  EXPECT_EQ(result.scenarios[1].topology.at("dovecot").endpoints.at("imap"), "h:993");
}

TEST(LoaderVars, ValuesMayUseEarlierVarsAndEnv) {
  ::setenv("OXH_VARS_TEST", "e", 1);
  const auto result = load("name: x\nvars:\n  a: one\n  b: \"${a}-two\"\n  c: \"${env.OXH_VARS_TEST}\"\nsteps: []\n");
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& vars = result.scenarios[0].vars;
  EXPECT_EQ(vars.at("a"), "one");
  EXPECT_EQ(vars.at("b"), "one-two");
  EXPECT_EQ(vars.at("c"), "e");
}

TEST(LoaderVars, UndefinedReferenceInVars) {
  expectOneError(load("name: x\nvars:\n  b: \"${a}\"\n  a: one\nsteps: []\n"), "oxh.scenario.undefined-variable", 3, 6,
                 "undefined variable 'a'");
}

TEST(LoaderVars, VarsMustBeScalars) {
  expectOneError(load("name: x\nvars:\n  a: [1, 2]\nsteps: []\n"), "oxh.scenario.wrong-type", 3, 6,
                 "'a' must be a string, got a list");
}

TEST(LoaderVars, CliVarsWinOverVarsAndMatrix) {
  LoadOptions options;
  options.cliVars = {{"host", "cli-host"}, {"mode", "cli-mode"}, {"extra", "x"}};
  const auto result = load(R"(name: x
vars: {host: file-host, other: "${host}"}
matrix: {mode: [a]}
steps: []
)",
                           options);
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& vars = result.scenarios[0].vars;
  EXPECT_EQ(vars.at("host"), "cli-host");
  EXPECT_EQ(vars.at("other"), "cli-host");
  EXPECT_EQ(vars.at("mode"), "cli-mode");
  EXPECT_EQ(vars.at("extra"), "x");
  EXPECT_EQ(result.scenarios[0].matrixCell.at("mode"), "a");
}

TEST(LoaderVars, MatrixWinsOverVars) {
  const auto result = load("name: x\nvars: {mode: v}\nmatrix: {mode: [m]}\nsteps: []\n");
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  EXPECT_EQ(result.scenarios[0].vars.at("mode"), "m");
}

}  // namespace
}  // namespace oxh::runner
