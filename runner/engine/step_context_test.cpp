#include "runner/engine/step_context.hpp"

#include <gtest/gtest.h>

namespace oxh::runner {
namespace {

TEST(JsonSubsetTest, ChecksKeysValuesAndTypes) {
  const auto actual = nlohmann::json::parse(R"({"user":"3@1","imap-uid":5,"unseen":1,"nested":{"a":[1,2,3]}})");
  std::string where;
  EXPECT_TRUE(jsonSubset(nlohmann::json::parse(R"({"user":"3@1","imap-uid":5})"), actual, where));
  EXPECT_TRUE(jsonSubset(nlohmann::json::parse(R"({"nested":{"a":[1,2]}})"), actual, where));
  EXPECT_FALSE(jsonSubset(nlohmann::json::parse(R"({"imap-uid":"5"})"), actual, where));
  EXPECT_EQ(where, "imap-uid");
  EXPECT_FALSE(jsonSubset(nlohmann::json::parse(R"({"from":"x"})"), actual, where));
  EXPECT_EQ(where, "from (missing)");
  EXPECT_FALSE(jsonSubset(nlohmann::json::parse(R"({"nested":{"a":[2]}})"), actual, where));
  EXPECT_EQ(where, "nested.a.0");
  EXPECT_TRUE(jsonSubset(nlohmann::json::parse("1.0"), nlohmann::json::parse("1"), where));
}

TEST(JsonAtPathTest, WalksObjectsAndArrays) {
  const auto value = nlohmann::json::parse(R"({"payload":{"aps":{"badge":2}},"list":["a","b"]})");
  EXPECT_EQ(jsonAtPath(value, "payload.aps.badge"), nlohmann::json(2));
  EXPECT_EQ(jsonAtPath(value, "list.1"), nlohmann::json("b"));
  EXPECT_FALSE(jsonAtPath(value, "list.2"));
  EXPECT_FALSE(jsonAtPath(value, "payload.nope"));
}

TEST(YamlToJsonTest, TypesPlainScalarsAndKeepsQuotedOnesStrings) {
  const auto node = YAML::Load(R"({a: 1, b: "1", c: true, d: x, e: 1.5, f: ~, g: [1, "2"]})");
  const auto json = yamlToJson(node);
  EXPECT_EQ(json["a"], 1);
  EXPECT_EQ(json["b"], "1");
  EXPECT_EQ(json["c"], true);
  EXPECT_EQ(json["d"], "x");
  EXPECT_EQ(json["e"], 1.5);
  EXPECT_TRUE(json["f"].is_null());
  EXPECT_EQ(json["g"], nlohmann::json::parse(R"([1,"2"])"));
}

}  // namespace
}  // namespace oxh::runner
