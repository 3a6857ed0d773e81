// Steps: names, argument keys and types, scalar forms, and the static variable check.
#include <gtest/gtest.h>

#include "runner/scenario/loader.hpp"
#include "runner/scenario/loader_test_support.hpp"

namespace oxh::runner {
namespace {

using testing::expectOneError;
using testing::load;

std::string withSteps(const std::string& steps) { return "name: x\nsteps:\n" + steps; }

TEST(LoaderSteps, UnknownStepSuggests) {
  expectOneError(load(withSteps("  - facade.pns_subscibe: {user: a}\n")), "oxh.scenario.unknown-step", 3, 5,
                 "unknown step 'facade.pns_subscibe' (did you mean 'facade.pns_subscribe'?)");
  expectOneError(load(withSteps("  - totally.different: {}\n")), "oxh.scenario.unknown-step", 3, 5,
                 "unknown step 'totally.different'");
}

TEST(LoaderSteps, UnknownArgumentKey) {
  expectOneError(load(withSteps("  - lmtp.deliver: {to: a, subjet: hi}\n")), "oxh.scenario.unknown-key", 3, 27,
                 "unknown key 'subjet' for step 'lmtp.deliver' (did you mean 'subject'?)");
}

TEST(LoaderSteps, UnknownArgumentKeyInBlockStyle) {
  expectOneError(load(withSteps("  - lmtp.deliver:\n      to: a\n      colour: red\n")), "oxh.scenario.unknown-key", 5,
                 7, "unknown key 'colour' for step 'lmtp.deliver'");
}

TEST(LoaderSteps, MissingRequiredArgument) {
  expectOneError(load(withSteps("  - lmtp.deliver: {subject: hi}\n")), "oxh.scenario.missing-field", 3, 5,
                 "step 'lmtp.deliver' needs 'to'");
}

TEST(LoaderSteps, NullArgumentsNeedNoRequiredParams) {
  const auto ok = load(withSteps("  - noop:\n  - noop: {}\n"));
  ASSERT_TRUE(ok.errors.empty()) << testing::allErrors(ok);
  EXPECT_EQ(ok.scenarios[0].steps.size(), 2u);
  expectOneError(load(withSteps("  - facade.login:\n")), "oxh.scenario.missing-field", 3, 5,
                 "step 'facade.login' needs 'user'");
}

TEST(LoaderSteps, WrongTypes) {
  expectOneError(load(withSteps("  - expect.notify: {within: soon}\n")), "oxh.scenario.wrong-type", 3, 29,
                 "'within' must be a duration like 2s or 500ms, got 'soon'");
  expectOneError(load(withSteps("  - lmtp.deliver: {to: {a: 1}}\n")), "oxh.scenario.wrong-type", 3, 24,
                 "'to' must be a string, got a map");
  expectOneError(load(withSteps("  - lmtp.deliver: {to: a, count: abc}\n")), "oxh.scenario.wrong-type", 3, 34,
                 "'count' must be an integer, got 'abc'");
  expectOneError(load(withSteps("  - lmtp.deliver: {to: a, urgent: perhaps}\n")), "oxh.scenario.wrong-type", 3,
                 35, "'urgent' must be true or false, got 'perhaps'");
  expectOneError(load(withSteps("  - imap.command: {command: x, expect: notalist}\n")), "oxh.scenario.wrong-type",
                 3, 40, "'expect' must be a list, got 'notalist'");
  expectOneError(load(withSteps("  - expect.notify: {match: [a]}\n")), "oxh.scenario.wrong-type", 3, 28,
                 "'match' must be a map, got a list");
  expectOneError(load(withSteps("  - lmtp.deliver: {to: a, recipients: [a, [b]]}\n")), "oxh.scenario.wrong-type",
                 3, 39);
  expectOneError(load(withSteps("  - lmtp.deliver: [to, a]\n")), "oxh.scenario.wrong-type", 3, 19,
                 "step 'lmtp.deliver' takes a map of arguments, got a list");
}

TEST(LoaderSteps, ReferencesPassTypeChecksUntilRunTime) {
  const auto result = load(R"(name: x
vars: {n: "3", wait: 2s, flag: "true"}
steps:
  - lmtp.deliver: {to: a, count: "${n}", urgent: "${flag}"}
  - expect.notify: {within: "${wait}"}
)");
  EXPECT_TRUE(result.errors.empty()) << testing::allErrors(result);
}

TEST(LoaderSteps, GoodValuesOfEachType) {
  const auto result = load(withSteps(
      "  - lmtp.deliver: {to: a, count: -2, urgent: yes, recipients: b}\n"
      "  - lmtp.deliver: {to: a, urgent: False, recipients: [b, c]}\n"
      "  - noop: {note: [anything, {goes: here}]}\n"
      "  - expect.notify: {never: {during: 1s}, exactly: 1, save: {cid: payload.cid}}\n"));
  EXPECT_TRUE(result.errors.empty()) << testing::allErrors(result);
}

TEST(LoaderSteps, ScalarFormBindsTheScalarParam) {
  const auto result = load(withSteps("  - imap.command: \"a1 NOOP\"\n  - wait: 500ms\n"));
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& steps = result.scenarios[0].steps;
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_TRUE(steps[0].args.IsScalar());
  EXPECT_EQ(steps[0].args.Scalar(), "a1 NOOP");
  expectOneError(load(withSteps("  - wait: soon\n")), "oxh.scenario.wrong-type", 3, 11,
                 "'for' must be a duration like 2s or 500ms, got 'soon'");
  expectOneError(load(withSteps("  - lmtp.deliver: alice\n")), "oxh.scenario.wrong-type", 3, 19,
                 "step 'lmtp.deliver' takes a map of arguments, got 'alice'");
}

TEST(LoaderSteps, NeverNeedsDuring) {
  expectOneError(load(withSteps("  - expect.notify: {never: {}}\n")), "oxh.scenario.missing-field", 3, 28,
                 "'never' in step 'expect.notify' needs 'during'");
  // A misspelt required key is both unknown and missing; both are reported.
  const auto misspelt = load(withSteps("  - expect.notify: {never: {durin: 1s}}\n"));
  ASSERT_EQ(misspelt.errors.size(), 2u) << testing::allErrors(misspelt);
  EXPECT_EQ(misspelt.errors[0].id(), "oxh.scenario.unknown-key");
  EXPECT_EQ(misspelt.errors[0].where(), (SourcePosition{"s.yaml", 3, 29}));
  EXPECT_EQ(misspelt.errors[0].message(),
            "unknown key 'durin' for 'never' in step 'expect.notify' (did you mean 'during'?)");
  EXPECT_EQ(misspelt.errors[1].id(), "oxh.scenario.missing-field");
  expectOneError(load(withSteps("  - expect.notify: {never: {during: ages}}\n")), "oxh.scenario.wrong-type", 3, 37,
                 "'during' must be a duration like 2s or 500ms, got 'ages'");
}

TEST(LoaderSteps, SaveMapsNamesToPaths) {
  expectOneError(load(withSteps("  - expect.notify: {save: {cid: {a: b}}}\n")), "oxh.scenario.wrong-type", 3, 33,
                 "'cid' must be a string, got a map");
  expectOneError(load(withSteps("  - expect.notify: {save: {'bad name': x}}\n")), "oxh.scenario.wrong-type", 3, 28);
}

TEST(LoaderSteps, AStepIsASingleKeyMap) {
  expectOneError(load(withSteps("  - just-a-string\n")), "oxh.scenario.bad-step", 3, 5);
  const auto result = load(withSteps("  - lmtp.deliver:\n    to: a\n"));
  expectOneError(result, "oxh.scenario.bad-step", 3, 5,
                 "a step is a map with one key, the step name (like '- imap.command: {...}'), got the keys "
                 "'lmtp.deliver', 'to' (are the arguments indented under the step name?)");
}

TEST(LoaderSteps, EmptyMapIsNotAStep) {
  expectOneError(load(withSteps(" - {}\n")), "oxh.scenario.bad-step", 3, 4,
                 "a step is a map with one key, the step name (like '- imap.command: {...}'), got an empty map");
}

TEST(LoaderSteps, ImplicitNullPointsAtItsKey) {
  // yaml-cpp marks `include:` with nothing after it at the next token; the key is more useful.
  expectOneError(load(withSteps("  - include:\n  - noop:\n")), "oxh.scenario.wrong-type", 3, 5,
                 "'include' must be the path of a fragment file, got nothing");
  expectOneError(load(withSteps("  - lmtp.deliver:\n      to:\n")), "oxh.scenario.wrong-type", 4, 7,
                 "'to' must be a string, got nothing");
}

TEST(LoaderSteps, DuplicateArgumentKey) {
  expectOneError(load(withSteps("  - lmtp.deliver: {to: a, to: b}\n")), "oxh.scenario.duplicate-key", 3, 27,
                 "duplicate key 'to'");
}

TEST(LoaderVariables, UndefinedVariableInStepArgs) {
  const auto result = load(R"(name: x
vars: {user: alice}
steps:
  - facade.login: {user: "${usr}"}
)");
  expectOneError(result, "oxh.scenario.undefined-variable", 4, 26, "undefined variable 'usr' (did you mean 'user'?)");
}

TEST(LoaderVariables, NestedScalarsAreChecked) {
  const auto result = load(withSteps("  - expect.notify:\n      match:\n        user: [a, \"x${nope}\"]\n"));
  expectOneError(result, "oxh.scenario.undefined-variable", 5, 19, "undefined variable 'nope'");
}

TEST(LoaderVariables, BuiltinNamespacesAreAlwaysDefined) {
  const auto result = load(withSteps(
      "  - noop: {note: \"${env.HOME} ${users.alice.password} ${topology.dovecot.imap} ${scenario.name} "
      "${token.alice} ${run.id}\"}\n"));
  EXPECT_TRUE(result.errors.empty()) << testing::allErrors(result);
  // A bare prefix is not a name inside the namespace.
  expectOneError(load(withSteps("  - noop: {note: \"${token}\"}\n")), "oxh.scenario.undefined-variable", 3, 18);
}

TEST(LoaderVariables, LiteralDollarBraceIsNotAReference) {
  const auto result = load(withSteps("  - imap.command: {command: \"a1 NOOP $${nope}\"}\n"));
  EXPECT_TRUE(result.errors.empty()) << testing::allErrors(result);
}

TEST(LoaderVariables, SaveDefinesForLaterStepsOnly) {
  const auto ok = load(withSteps(
      "  - expect.notify: {save: {cid: payload.cid}}\n"
      "  - noop: {note: \"${cid}\"}\n"));
  EXPECT_TRUE(ok.errors.empty()) << testing::allErrors(ok);
  const auto early = load(withSteps(
      "  - noop: {note: \"${cid}\"}\n"
      "  - expect.notify: {save: {cid: payload.cid}}\n"));
  expectOneError(early, "oxh.scenario.undefined-variable", 3, 18);
  const auto sameStep = load(withSteps("  - expect.notify: {match: {c: \"${cid}\"}, save: {cid: payload.cid}}\n"));
  expectOneError(sameStep, "oxh.scenario.undefined-variable", 3, 32);
}

TEST(LoaderVariables, DefinedVariablesHookWinsOverSave) {
  const auto ok = load(withSteps(
      "  - imap.select: {mailbox: INBOX, as: box}\n"
      "  - noop: {note: \"${box}\"}\n"));
  EXPECT_TRUE(ok.errors.empty()) << testing::allErrors(ok);
}

TEST(LoaderVariables, CliVarsAndMatrixKeysAreDefined) {
  LoadOptions options;
  options.cliVars["host"] = "h";
  const auto result = load(R"(name: x
matrix: {mode: [a, b]}
steps:
  - noop: {note: "${host} ${mode}"}
)",
                           options);
  EXPECT_TRUE(result.errors.empty()) << testing::allErrors(result);
  EXPECT_EQ(result.scenarios.size(), 2u);
}

}  // namespace
}  // namespace oxh::runner
