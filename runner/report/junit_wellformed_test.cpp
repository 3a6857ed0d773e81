// Checks rendered JUnit with a real XML parser (Python's expat via ElementTree), which is strict
// about exactly what we escape: forbidden control characters, invalid UTF-8, stray '&' and '<'.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "runner/report/junit_writer.hpp"
#include "runner/report/report_test_support.hpp"

namespace oxh::runner {
namespace {

bool havePython() { return std::system("python3 -c pass >/dev/null 2>&1") == 0; }

// Paths come from mkdtemp under the temp directory: no quotes in them.
int parseWithPython(const std::string& path) {
  const std::string command =
      "python3 -c \"import sys,xml.etree.ElementTree as E; E.parse(sys.argv[1])\" '" + path + "' 2>/dev/null";
  return std::system(command.c_str());
}

TEST(JUnitWellFormed, ParserRejectsWhatWeEscape) {  // the check below can fail
  if (!havePython()) GTEST_SKIP() << "python3 not found";
  testing::TempDir dir;
  const std::string path = dir.file("bad.xml");
  for (const std::string bad : {"<a>&</a>", "<a>\x01</a>", "<a>\xff</a>", "<a b=\"<\"/>"}) {
    testing::writeFile(path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + bad);
    EXPECT_NE(parseWithPython(path), 0) << bad;
  }
}

TEST(JUnitWellFormed, SampleAndNastyRunsParse) {
  if (!havePython()) GTEST_SKIP() << "python3 not found";
  testing::TempDir dir;
  RunResult run = testing::sampleRun();
  ScenarioResult nasty;
  nasty.name = testing::kNasty;
  nasty.file = testing::kNasty;
  nasty.classname = testing::kNasty;
  nasty.status = Status::Error;
  nasty.message = testing::kNasty;
  nasty.tags = {testing::kNasty, testing::kNasty};
  nasty.properties = {{testing::kNasty, testing::kNasty}};
  nasty.steps = {{testing::kNasty, {testing::kNasty, 1, 2}, Status::Error, 0, testing::kNasty}};
  nasty.findings = {{testing::kNasty, testing::kNasty, testing::kNasty}};
  nasty.transcript = testing::kNasty;
  run.scenarios.push_back(nasty);
  run.hostname = testing::kNasty;
  run.version = testing::kNasty;

  const std::string path = dir.file("junit.xml");
  writeJUnit(run, path);
  EXPECT_EQ(parseWithPython(path), 0) << testing::readFile(path);
  writeJUnit(RunResult{}, path);
  EXPECT_EQ(parseWithPython(path), 0) << testing::readFile(path);
}

// What a parser reads back is what we meant: whitespace in attributes and CR in text survive,
// forbidden bytes come back as Control Pictures, invalid UTF-8 as U+FFFD.
TEST(JUnitWellFormed, ValuesRoundTripThroughAParser) {
  if (!havePython()) GTEST_SKIP() << "python3 not found";
  testing::TempDir dir;
  RunResult run;
  ScenarioResult scenario;
  scenario.name = testing::kNasty;
  scenario.status = Status::Failed;
  scenario.message = testing::kNasty;
  scenario.transcript = testing::kNasty;
  run.scenarios.push_back(scenario);
  const std::string xmlPath = dir.file("junit.xml");
  const std::string outPath = dir.file("out.json");
  writeJUnit(run, xmlPath);
  const std::string script = dir.file("read.py");
  testing::writeFile(script,
                     "import json, sys, xml.etree.ElementTree as E\n"
                     "case = E.parse(sys.argv[1]).getroot().find('testsuite/testcase')\n"
                     "json.dump([case.get('name'), case.find('failure').get('message'),\n"
                     "           case.find('system-out').text], open(sys.argv[2], 'w'))\n");
  ASSERT_EQ(std::system(("python3 '" + script + "' '" + xmlPath + "' '" + outPath + "'").c_str()), 0);

  const std::string fffd = "\xEF\xBF\xBD";
  const std::string expected = std::string("a&b<c>d\"e'f ]]> \t|\n|\r|") + "\xE2\x90\x80\xE2\x90\x81\xE2\x90\x9B[0m\x7f" +
                               fffd + fffd + fffd + fffd + fffd + fffd + fffd + fffd + fffd + "\xc3\xa9";
  const auto values = nlohmann::json::parse(testing::readFile(outPath));
  ASSERT_EQ(values.size(), 3u);
  for (const auto& value : values) {
    EXPECT_EQ(value.get<std::string>(), expected);
  }
}

}  // namespace
}  // namespace oxh::runner
