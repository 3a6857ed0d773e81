#include "runner/scenario/schema.hpp"

#include <gtest/gtest.h>

namespace oxh::runner {
namespace {

TEST(SuggestClosest, FindsOneCharacterTypo) {
  const std::vector<std::string> names = {"facade.login", "facade.pns_subscribe", "lmtp.deliver"};
  EXPECT_EQ(suggestClosest("facade.pns_subscibe", names), "facade.pns_subscribe");
  EXPECT_EQ(suggestClosest("lmtp.delivr", names), "lmtp.deliver");
}

TEST(SuggestClosest, NothingWhenTooFar) {
  EXPECT_EQ(suggestClosest("imap.fetch", {"lmtp.deliver", "facade.login"}), std::nullopt);
  EXPECT_EQ(suggestClosest("x", {}), std::nullopt);
}

TEST(SuggestClosest, ShortWordsAllowTwoEdits) {
  EXPECT_EQ(suggestClosest("tgs", {"tags", "steps"}), "tags");
  EXPECT_EQ(suggestClosest("ab", {"xyz"}), std::nullopt);  // distance 3 > 2
  EXPECT_EQ(suggestClosest("ab", {"cd"}), "cd");           // distance 2 == max(2, 0)
}

TEST(SuggestClosest, LongWordsAllowAThirdOfTheirLength) {
  // 12 characters: up to 4 edits.
  EXPECT_EQ(suggestClosest("abcdefghijkl", {"abcdefghWXYZ"}), "abcdefghWXYZ");
  EXPECT_EQ(suggestClosest("abcdefghijkl", {"abcdefgVWXYZ"}), std::nullopt);
}

TEST(SuggestClosest, PrefersTheNearestThenTheFirst) {
  EXPECT_EQ(suggestClosest("steps", {"step", "steps2", "stepz"}), "step");
  EXPECT_EQ(suggestClosest("abc", {"abd", "abe"}), "abd");
}

TEST(DidYouMean, FormatsTheTail) {
  EXPECT_EQ(didYouMean("nme", {"name"}), " (did you mean 'name'?)");
  EXPECT_EQ(didYouMean("completely", {"name"}), "");
}

TEST(StepRegistry, AddFindNames) {
  StepRegistry registry;
  registry.add(StepSpec{"b.step", "", {}, std::nullopt, nullptr, nullptr});
  registry.add(StepSpec{"a.step", "", {}, std::nullopt, nullptr, nullptr});
  ASSERT_NE(registry.find("a.step"), nullptr);
  EXPECT_EQ(registry.find("a.step")->name, "a.step");
  EXPECT_EQ(registry.find("c.step"), nullptr);
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"a.step", "b.step"}));
  EXPECT_EQ(registry.all().size(), 2u);
}

TEST(StepRegistry, RejectsDuplicatesAndReservedNames) {
  StepRegistry registry;
  registry.add(StepSpec{"a.step", "", {}, std::nullopt, nullptr, nullptr});
  EXPECT_THROW(registry.add(StepSpec{"a.step", "", {}, std::nullopt, nullptr, nullptr}), OxhException);
  EXPECT_THROW(registry.add(StepSpec{"include", "", {}, std::nullopt, nullptr, nullptr}), OxhException);
  EXPECT_THROW(registry.add(StepSpec{"", "", {}, std::nullopt, nullptr, nullptr}), OxhException);
}

TEST(ExpectationParams, DeclaresWithinNeverExactlySave) {
  const auto params = expectationParams();
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[0].name, "within");
  EXPECT_EQ(params[0].type, ParamType::Duration);
  EXPECT_EQ(params[1].name, "never");
  EXPECT_EQ(params[1].type, ParamType::Map);
  ASSERT_EQ(params[1].fields.size(), 1u);
  EXPECT_EQ(params[1].fields[0].name, "during");
  EXPECT_EQ(params[1].fields[0].type, ParamType::Duration);
  EXPECT_TRUE(params[1].fields[0].required);
  EXPECT_EQ(params[2].name, "exactly");
  EXPECT_EQ(params[2].type, ParamType::Int);
  EXPECT_EQ(params[3].name, "save");
  EXPECT_EQ(params[3].type, ParamType::Map);
  EXPECT_EQ(params[3].valueType, ParamType::String);
  for (const auto& param : params) {
    EXPECT_FALSE(param.required) << param.name;
  }
}

TEST(DescribeParamType, UsesTheWordsOfErrorMessages) {
  EXPECT_EQ(describeParamType(ParamType::Duration), "a duration like 2s or 500ms");
  EXPECT_EQ(describeParamType(ParamType::Int), "an integer");
  EXPECT_EQ(describeParamType(ParamType::String), "a string");
}

}  // namespace
}  // namespace oxh::runner
