#include "runner/report/json_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/error/error.hpp"
#include "runner/report/report_test_support.hpp"

namespace oxh::runner {
namespace {

using nlohmann::json;

TEST(JsonReport, TopLevelShapeAndSummary) {
  const json report = toJson(testing::sampleRun());
  EXPECT_EQ(report["schema"], "https://oxharness.invalid/report/v1");
  EXPECT_EQ(report["tool"], "oxharness");
  EXPECT_EQ(report["version"], "0.1.0");
  EXPECT_EQ(report["startedAt"], "2024-05-01T12:00:00Z");
  EXPECT_EQ(report["seconds"], 4.5);
  EXPECT_EQ(report["seed"].get<std::uint64_t>(), 18446744073709551615ULL);
  EXPECT_EQ(report["hostname"], "ci-7");
  EXPECT_EQ(report["summary"], json::parse(R"({"total":4,"passed":1,"failed":1,"skipped":1,"errors":1})"));
  EXPECT_EQ(report.size(), 9u);
  ASSERT_EQ(report["scenarios"].size(), 4u);
  EXPECT_EQ(report["scenarios"][0]["name"], "login works");  // run order, not grouped by file
  EXPECT_EQ(report["scenarios"][1]["name"], "push reaches iOS [transport=apn]");
  EXPECT_EQ(report["scenarios"][2]["status"], "error");
  EXPECT_EQ(report["scenarios"][3]["status"], "skipped");
}

TEST(JsonReport, FailedScenarioInFull) {
  const json scenario = toJson(testing::sampleRun())["scenarios"][1];
  const json expected = json::parse(R"({
    "name": "push reaches iOS [transport=apn]",
    "file": "scenarios/push/ios.yaml",
    "line": 1,
    "classname": "scenarios.push.ios",
    "status": "failed",
    "message": "scenarios/push/ios.yaml:14:7: no push within 3s",
    "failedAt": {"file": "scenarios/push/ios.yaml", "line": 14, "column": 7},
    "seconds": 3.0004,
    "tags": [],
    "properties": {},
    "steps": [
      {"kind": "facade.login", "file": "scenarios/push/ios.yaml", "line": 9, "column": 5,
       "status": "passed", "seconds": 0.0123, "message": ""},
      {"kind": "expect.apns.push", "file": "scenarios/push/ios.yaml", "line": 14, "column": 7,
       "status": "failed", "seconds": 3, "message": "no push within 3s"}
    ],
    "findings": [{"id": "oxh.notify.malformed-json", "component": "notify", "message": "unexpected token"}]
  })");
  json withoutTranscript = scenario;
  withoutTranscript.erase("transcript");
  EXPECT_EQ(withoutTranscript, expected) << withoutTranscript.dump(2, ' ', false, json::error_handler_t::replace);
  EXPECT_TRUE(scenario["transcript"].is_string());
}

TEST(JsonReport, PassedScenarioHasNullFailedAtTagsAndProperties) {
  const json scenario = toJson(testing::sampleRun())["scenarios"][0];
  EXPECT_TRUE(scenario["failedAt"].is_null());
  EXPECT_EQ(scenario["tags"], json::parse(R"(["imap","smoke"])"));
  EXPECT_EQ(scenario["properties"], json::parse(R"({"seed":"42","topology.dovecot":"fake"})"));
  EXPECT_EQ(scenario["transcript"], "C: a1 LOGIN alice secret\r\nS: a1 OK\r\n");
}

TEST(JsonReport, EmptyRun) {
  const json report = toJson(RunResult{});
  EXPECT_EQ(report["summary"]["total"], 0);
  EXPECT_TRUE(report["scenarios"].is_array());
  EXPECT_TRUE(report["scenarios"].empty());
  EXPECT_EQ(report["seconds"], 0.0);
}

TEST(JsonReport, InvalidUtf8IsReplacedSoDumpNeverThrows) {
  RunResult run;
  ScenarioResult scenario;
  scenario.transcript = testing::kNasty;
  scenario.properties = {{"k\xff", "v\xff"}};
  run.scenarios.push_back(scenario);
  run.seconds = -3;  // a clock jump must not produce a negative duration
  const json report = toJson(run);
  std::string dumped;
  ASSERT_NO_THROW(dumped = report.dump());  // default (strict) handler
  EXPECT_THAT(dumped, ::testing::HasSubstr(R"(\u0000\u0001\u001b[0m)"));
  EXPECT_THAT(report["scenarios"][0]["properties"].dump(), ::testing::HasSubstr("k\xEF\xBF\xBD"));
  EXPECT_EQ(report["seconds"], 0.0);
}

TEST(JsonReport, WriteRoundTripsAndReplacesAtomically) {
  testing::TempDir dir;
  const std::string path = dir.file("report.json");
  testing::writeFile(path, "old");
  const RunResult run = testing::sampleRun();
  writeJson(run, path);
  const std::string text = testing::readFile(path);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(json::parse(text), toJson(run));
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(JsonReport, WriteFailureNamesIdPathAndReason) {
  testing::TempDir dir;
  const std::string path = dir.file("no/such/dir/report.json");
  try {
    writeJson(RunResult{}, path);
    FAIL() << "expected OxhException";
  } catch (const OxhException& e) {
    EXPECT_EQ(e.error().id(), "oxh.report.write");
    EXPECT_THAT(e.error().message(), ::testing::HasSubstr(path));
    EXPECT_THAT(e.error().message(), ::testing::HasSubstr("No such file or directory"));
    EXPECT_THAT(e.what(), ::testing::StartsWith("[oxh.report.write] "));
  }
}

}  // namespace
}  // namespace oxh::runner
