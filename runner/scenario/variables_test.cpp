#include "runner/scenario/variables.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace oxh::runner {
namespace {

const SourcePosition kWhere{"s.yaml", 3, 9};

Variables sample() {
  Variables variables;
  variables.set("user", "alice");
  variables.set("token.alice", "abc123");
  variables.set("host", "127.0.0.1");
  return variables;
}

TEST(Variables, SetGetHas) {
  Variables variables;
  EXPECT_FALSE(variables.has("a"));
  variables.set("a", "1");
  EXPECT_TRUE(variables.has("a"));
  EXPECT_EQ(variables.get("a"), "1");
  variables.set("a", "2");
  EXPECT_EQ(variables.get("a"), "2");
  EXPECT_EQ(variables.get("b"), std::nullopt);
  EXPECT_EQ(variables.names(), std::vector<std::string>{"a"});
}

TEST(Variables, EnvNamespaceReadsTheEnvironment) {
  ::setenv("OXH_VARIABLES_TEST", "from-env", 1);
  ::unsetenv("OXH_VARIABLES_TEST_UNSET");
  const Variables variables;
  EXPECT_EQ(variables.get("env.OXH_VARIABLES_TEST"), "from-env");
  EXPECT_FALSE(variables.has("env.OXH_VARIABLES_TEST_UNSET"));
  EXPECT_FALSE(variables.has("env."));
}

TEST(Variables, ExplicitValueWinsOverEnv) {
  ::setenv("OXH_VARIABLES_TEST", "from-env", 1);
  Variables variables;
  variables.set("env.OXH_VARIABLES_TEST", "explicit");
  EXPECT_EQ(variables.get("env.OXH_VARIABLES_TEST"), "explicit");
}

TEST(Interpolate, ReplacesReferences) {
  const auto variables = sample();
  EXPECT_EQ(interpolate("plain", variables, kWhere), "plain");
  EXPECT_EQ(interpolate("${user}", variables, kWhere), "alice");
  EXPECT_EQ(interpolate("a1 LOGIN ${user} pw", variables, kWhere), "a1 LOGIN alice pw");
  EXPECT_EQ(interpolate("${host}:${user}${token.alice}", variables, kWhere), "127.0.0.1:aliceabc123");
  EXPECT_EQ(interpolate("", variables, kWhere), "");
}

TEST(Interpolate, DoubleDollarIsALiteral) {
  const auto variables = sample();
  EXPECT_EQ(interpolate("$${user}", variables, kWhere), "${user}");
  EXPECT_EQ(interpolate("$${undefined} and ${user}", variables, kWhere), "${undefined} and alice");
  EXPECT_EQ(interpolate("cost: $5", variables, kWhere), "cost: $5");
}

TEST(Interpolate, MalformedReferencesStayLiteral) {
  const auto variables = sample();
  EXPECT_EQ(interpolate("${a b}", variables, kWhere), "${a b}");
  EXPECT_EQ(interpolate("${unclosed", variables, kWhere), "${unclosed");
  EXPECT_EQ(interpolate("${}", variables, kWhere), "${}");
  EXPECT_EQ(interpolate("$user", variables, kWhere), "$user");
}

TEST(Interpolate, UndefinedThrowsWithSuggestionAndPosition) {
  const auto variables = sample();
  try {
    interpolate("x ${usr} y", variables, kWhere);
    FAIL() << "expected an exception";
  } catch (const OxhException& exception) {
    EXPECT_EQ(exception.error().id(), "oxh.scenario.undefined-variable");
    EXPECT_EQ(exception.error().message(), "undefined variable 'usr' (did you mean 'user'?)");
    EXPECT_EQ(exception.error().where(), kWhere);
  }
  try {
    interpolate("${completely_unknown}", variables, kWhere);
    FAIL() << "expected an exception";
  } catch (const OxhException& exception) {
    EXPECT_EQ(exception.error().message(), "undefined variable 'completely_unknown'");
  }
}

TEST(ReferencedVariables, InOrderSkippingLiterals) {
  EXPECT_EQ(referencedVariables("${a} $${b} ${c.d-e_f} ${a} ${bad name}"),
            (std::vector<std::string>{"a", "c.d-e_f", "a"}));
  EXPECT_TRUE(referencedVariables("nothing here").empty());
}

TEST(IsVariableName, Charset) {
  EXPECT_TRUE(isVariableName("token.alice"));
  EXPECT_TRUE(isVariableName("A-b_9"));
  EXPECT_FALSE(isVariableName(""));
  EXPECT_FALSE(isVariableName("a b"));
  EXPECT_FALSE(isVariableName("a$"));
}

TEST(InterpolateNode, DeepCopiesAndInterpolatesEveryScalar) {
  const auto variables = sample();
  const YAML::Node original = YAML::Load("{user: '${user}', list: [a, '${host}', {k: '${token.alice}'}], '${user}': key, n: ~}");
  const YAML::Node copy = interpolateNode(original, variables, kWhere);
  EXPECT_EQ(copy["user"].as<std::string>(), "alice");
  EXPECT_EQ(copy["list"][0].as<std::string>(), "a");
  EXPECT_EQ(copy["list"][1].as<std::string>(), "127.0.0.1");
  EXPECT_EQ(copy["list"][2]["k"].as<std::string>(), "abc123");
  EXPECT_EQ(copy["alice"].as<std::string>(), "key");
  EXPECT_TRUE(copy["n"].IsNull());
  // The original is untouched: step args are interpolated afresh on every run.
  EXPECT_EQ(original["user"].as<std::string>(), "${user}");
  EXPECT_EQ(original["list"][1].as<std::string>(), "${host}");
}

TEST(InterpolateNode, ErrorPointsAtTheScalar) {
  const auto variables = sample();
  const YAML::Node original = YAML::Load("a: 1\nb:\n  - ok\n  - '${nope}'\n");
  try {
    interpolateNode(original, variables, SourcePosition{"f.yaml", 0, 0});
    FAIL() << "expected an exception";
  } catch (const OxhException& exception) {
    EXPECT_EQ(exception.error().id(), "oxh.scenario.undefined-variable");
    EXPECT_EQ(exception.error().where(), (SourcePosition{"f.yaml", 4, 5}));
  }
}

}  // namespace
}  // namespace oxh::runner
