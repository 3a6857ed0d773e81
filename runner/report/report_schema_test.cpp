// Checks toJson() against reports/report.schema.json with a minimal checker of the JSON Schema
// keywords that schema uses. The checker refuses keywords it does not know, so the schema cannot
// grow a constraint that silently goes unchecked here.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "runner/report/json_writer.hpp"
#include "runner/report/report_test_support.hpp"

namespace oxh::runner {
namespace {

using nlohmann::json;

class SchemaChecker {
 public:
  explicit SchemaChecker(json root) : root_(std::move(root)) {}

  [[nodiscard]] std::vector<std::string> errors(const json& value) const {
    std::vector<std::string> out;
    check(root_, value, "$", out);
    return out;
  }

 private:
  static bool hasType(const json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "integer") return value.is_number_integer();
    if (type == "number") return value.is_number();
    if (type == "boolean") return value.is_boolean();
    if (type == "null") return value.is_null();
    return false;
  }

  void check(const json& schema, const json& value, const std::string& at, std::vector<std::string>& out) const {
    static const std::set<std::string> kAnnotations = {"$schema", "$id", "title", "description", "$comment", "$defs"};
    for (const auto& [keyword, argument] : schema.items()) {
      if (kAnnotations.contains(keyword)) {
        continue;
      }
      if (keyword == "$ref") {
        const std::string ref = argument.get<std::string>();
        if (!ref.starts_with("#/")) {
          out.push_back(at + ": unsupported $ref " + ref);
          continue;
        }
        check(root_.at(json::json_pointer(ref.substr(1))), value, at, out);
      } else if (keyword == "type") {
        const json types = argument.is_array() ? argument : json::array({argument});
        bool any = false;
        for (const auto& type : types) {
          any = any || hasType(value, type.get<std::string>());
        }
        if (!any) out.push_back(at + ": not of type " + argument.dump());
      } else if (keyword == "const") {
        if (value != argument) out.push_back(at + ": not " + argument.dump());
      } else if (keyword == "enum") {
        if (std::find(argument.begin(), argument.end(), value) == argument.end()) {
          out.push_back(at + ": " + value.dump() + " not in " + argument.dump());
        }
      } else if (keyword == "minimum") {
        if (value.is_number() && value.get<double>() < argument.get<double>()) out.push_back(at + ": below minimum");
      } else if (keyword == "required") {
        for (const auto& key : argument) {
          if (value.is_object() && !value.contains(key.get<std::string>())) {
            out.push_back(at + ": missing " + key.get<std::string>());
          }
        }
      } else if (keyword == "properties") {
        for (const auto& [key, sub] : argument.items()) {
          if (value.is_object() && value.contains(key)) check(sub, value.at(key), at + "." + key, out);
        }
      } else if (keyword == "additionalProperties") {
        if (!value.is_object()) continue;
        const json known = schema.value("properties", json::object());
        for (const auto& [key, item] : value.items()) {
          if (known.contains(key)) continue;
          if (argument.is_boolean()) {
            if (!argument.get<bool>()) out.push_back(at + ": unexpected key " + key);
          } else {
            check(argument, item, at + "." + key, out);
          }
        }
      } else if (keyword == "items") {
        if (!value.is_array()) continue;
        for (std::size_t i = 0; i < value.size(); ++i) {
          check(argument, value[i], at + "[" + std::to_string(i) + "]", out);
        }
      } else if (keyword == "anyOf") {
        bool any = false;
        for (const auto& sub : argument) {
          std::vector<std::string> ignored;
          check(sub, value, at, ignored);
          any = any || ignored.empty();
        }
        if (!any) out.push_back(at + ": matches no alternative of anyOf");
      } else {
        out.push_back(at + ": checker does not support keyword " + keyword);
      }
    }
  }

  json root_;
};

json loadSchema() {
  const auto path =
      std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "reports" / "report.schema.json";
  const std::string text = testing::readFile(path.string());
  if (text.empty()) throw std::runtime_error("cannot read " + path.string());
  return json::parse(text);
}

std::string joined(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& error : errors) out += error + "\n";
  return out;
}

RunResult nastyRun() {
  RunResult run = testing::sampleRun();
  run.hostname = testing::kNasty;
  run.scenarios[0].properties[testing::kNasty] = testing::kNasty;
  run.scenarios[0].tags.push_back(testing::kNasty);
  return run;
}

TEST(ReportSchema, IsDraft2020AndNamesTheWriterVersion) {
  const json schema = loadSchema();
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["properties"]["schema"]["const"], kJsonReportSchema);
}

TEST(ReportSchema, WriterOutputConforms) {
  const SchemaChecker checker(loadSchema());
  for (const RunResult& run : {testing::sampleRun(), nastyRun(), RunResult{}}) {
    // Through text, as a consumer sees it (number types can change on the way).
    const json report = json::parse(toJson(run).dump());
    EXPECT_EQ(joined(checker.errors(report)), "");
  }
}

// Every closed object lists each of its properties as required: the writer always emits all
// keys (null or empty rather than absent), and the schema says exactly that.
TEST(ReportSchema, ClosedObjectsRequireEveryProperty) {
  const json schema = loadSchema();
  std::vector<json> objects = {schema};
  for (const auto& [name, def] : schema["$defs"].items()) objects.push_back(def);
  std::size_t closed = 0;
  for (const json& object : objects) {
    if (object.value("additionalProperties", json(true)) != json(false)) continue;
    ++closed;
    std::set<std::string> properties;
    for (const auto& [key, sub] : object["properties"].items()) properties.insert(key);
    const std::set<std::string> required(object["required"].begin(), object["required"].end());
    EXPECT_EQ(properties, required) << object.dump();
  }
  EXPECT_EQ(closed, 6u);  // report, summary, position, scenario, step, finding
}

TEST(ReportSchema, CheckerRejectsDeviations) {
  const SchemaChecker checker(loadSchema());
  const json good = json::parse(toJson(testing::sampleRun()).dump());
  ASSERT_TRUE(checker.errors(good).empty());

  const std::vector<std::pair<std::string, json>> mutations = {
      {"/schema", "https://oxharness.invalid/report/v2"},
      {"/seed", -1},
      {"/seconds", "4.5"},
      {"/summary/total", 1.5},
      {"/scenarios/0/status", "ok"},
      {"/scenarios/0/failedAt", "file:1:1"},
      {"/scenarios/1/failedAt/line", "14"},
      {"/scenarios/0/tags/0", 7},
      {"/scenarios/0/properties/seed", 42},
      {"/scenarios/1/steps/0/status", "pass"},
      {"/scenarios/1/findings/0/extra", "x"},
      {"/scenarios/0/extra", true},
  };
  for (const auto& [pointer, value] : mutations) {
    json bad = good;
    bad[json::json_pointer(pointer)] = value;
    EXPECT_FALSE(checker.errors(bad).empty()) << pointer;
  }
  for (const std::string pointer : {"/hostname", "/summary/errors", "/scenarios/0/transcript", "/scenarios/1/steps/0/kind"}) {
    json bad = good;
    const json::json_pointer where(pointer);
    bad[where.parent_pointer()].erase(where.back());
    EXPECT_FALSE(checker.errors(bad).empty()) << "without " << pointer;
  }
}

}  // namespace
}  // namespace oxh::runner
