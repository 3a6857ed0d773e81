#include "runner/report/junit_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/error/error.hpp"
#include "runner/report/report_test_support.hpp"

namespace oxh::runner {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The text between the first occurrence of `from` and the next `to` after it.
std::string between(const std::string& text, const std::string& from, const std::string& to) {
  const auto start = text.find(from);
  if (start == std::string::npos) return {};
  const auto end = text.find(to, start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end + to.size() - start);
}

TEST(JUnit, EmptyRun) {
  RunResult run;
  run.seconds = 0.0004;
  EXPECT_EQ(renderJUnit(run),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"oxharness\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.000\"/>\n");
}

TEST(JUnit, CountsInRootAndSuiteAttributes) {
  const std::string xml = renderJUnit(testing::sampleRun());
  EXPECT_THAT(xml, HasSubstr("<testsuites name=\"oxharness\" tests=\"4\" failures=\"1\" errors=\"1\" "
                             "skipped=\"1\" time=\"4.500\">"));
  // Suites in order of first appearance; the login file holds the passed and the errored scenario.
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"scenarios/imap/login.yaml\" tests=\"2\" failures=\"0\" "
                             "errors=\"1\" skipped=\"0\" time=\"0.750\" timestamp=\"2024-05-01T12:00:00Z\" "
                             "hostname=\"ci-7\">"));
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"scenarios/push/ios.yaml\" tests=\"2\" failures=\"1\" "
                             "errors=\"0\" skipped=\"1\" time=\"3.000\" timestamp=\"2024-05-01T12:00:00Z\" "
                             "hostname=\"ci-7\">"));
  EXPECT_LT(xml.find("scenarios/imap/login.yaml\" tests"), xml.find("scenarios/push/ios.yaml\" tests"));
  EXPECT_THAT(xml, HasSubstr("<property name=\"seed\" value=\"18446744073709551615\"/>"));
  EXPECT_THAT(xml, HasSubstr("<property name=\"version\" value=\"0.1.0\"/>"));
}

TEST(JUnit, PassedTestcaseWithPropertiesAndTranscript) {
  const std::string xml = renderJUnit(testing::sampleRun());
  const std::string testcase = between(xml, "<testcase name=\"login works\"", "</testcase>");
  EXPECT_EQ(testcase,
            "<testcase name=\"login works\" classname=\"scenarios.imap.login\" file=\"scenarios/imap/login.yaml\" "
            "line=\"1\" time=\"0.250\">\n"
            "      <properties>\n"
            "        <property name=\"tags\" value=\"imap,smoke\"/>\n"
            "        <property name=\"seed\" value=\"42\"/>\n"
            "        <property name=\"topology.dovecot\" value=\"fake\"/>\n"
            "      </properties>\n"
            "      <system-out>C: a1 LOGIN alice secret&#13;\nS: a1 OK&#13;\n</system-out>\n"
            "    </testcase>");
}

TEST(JUnit, FailureCarriesMessageTypeAndStepList) {
  const std::string xml = renderJUnit(testing::sampleRun());
  const std::string testcase = between(xml, "<testcase name=\"push reaches iOS", "</testcase>");
  EXPECT_THAT(testcase, HasSubstr("classname=\"scenarios.push.ios\" file=\"scenarios/push/ios.yaml\" line=\"14\" "
                                  "time=\"3.000\">"));  // line of the failing step, for annotations
  EXPECT_THAT(testcase, HasSubstr("<failure message=\"scenarios/push/ios.yaml:14:7: no push within 3s\" "
                                  "type=\"oxh.step\">"
                                  "passed  0.012s scenarios/push/ios.yaml:9:5 facade.login\n"
                                  "failed  3.000s scenarios/push/ios.yaml:14:7 expect.apns.push: no push within 3s\n"
                                  "</failure>"));
  EXPECT_THAT(testcase, HasSubstr("<system-err>[oxh.notify.malformed-json] notify: unexpected token\n</system-err>"));
  EXPECT_THAT(testcase, Not(HasSubstr("<properties>")));
  EXPECT_LT(testcase.find("<failure"), testcase.find("<system-out>"));
  EXPECT_LT(testcase.find("<system-out>"), testcase.find("<system-err>"));
}

TEST(JUnit, ErrorAndSkipped) {
  const std::string xml = renderJUnit(testing::sampleRun());
  const std::string errored = between(xml, "<testcase name=\"imap crash\"", "</testcase>");
  // failedAt is in an included fragment, so the annotation points at the scenario itself.
  EXPECT_THAT(errored, HasSubstr("line=\"20\" time=\"0.500\">"));
  EXPECT_THAT(errored, HasSubstr("<error message=\"scenarios/imap/login.yaml:22:5: connection reset\" "
                                 "type=\"oxh.error\"/>"));
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"metadata\" classname=\"scenarios.push.ios\" "
                             "file=\"scenarios/push/ios.yaml\" time=\"0.000\">\n"
                             "      <skipped message=\"server lacks METADATA\"/>\n"
                             "    </testcase>"));
}

TEST(JUnit, FailureWithoutMessageStillHasOne) {
  RunResult run;
  ScenarioResult scenario;
  scenario.status = Status::Failed;
  run.scenarios.push_back(scenario);
  EXPECT_THAT(renderJUnit(run), HasSubstr("<failure message=\"scenario failed\" type=\"oxh.step\"/>"));
}

TEST(JUnit, RawBytesAreEscapedEverywhere) {
  RunResult run;
  ScenarioResult scenario;
  scenario.name = testing::kNasty;
  scenario.status = Status::Failed;
  scenario.message = testing::kNasty;
  scenario.properties = {{testing::kNasty, testing::kNasty}};
  scenario.transcript = testing::kNasty;
  run.scenarios.push_back(scenario);
  const std::string xml = renderJUnit(run);
  EXPECT_THAT(xml, HasSubstr("name=\"a&amp;b&lt;c&gt;d&quot;e&apos;f ]]&gt; &#9;|&#10;|&#13;|\xE2\x90\x80\xE2\x90\x81"
                             "\xE2\x90\x9B[0m\x7f\xEF\xBF\xBD"));
  EXPECT_THAT(xml, HasSubstr("<system-out>a&amp;b&lt;c&gt;d&quot;e&apos;f ]]&gt; \t|\n|&#13;|"));
  EXPECT_EQ(xml.find('\0'), std::string::npos);
  EXPECT_EQ(xml.find('\x1b'), std::string::npos);
  EXPECT_EQ(xml.find('\xff'), std::string::npos);
  EXPECT_EQ(xml.find("\xef\xbf\xbe"), std::string::npos);
}

TEST(JUnit, WriteReplacesFileAtomically) {
  testing::TempDir dir;
  const std::string path = dir.file("junit.xml");
  testing::writeFile(path, "old");
  writeJUnit(testing::sampleRun(), path);
  EXPECT_EQ(testing::readFile(path), renderJUnit(testing::sampleRun()));
  EXPECT_EQ(dir.entries(), 1u);  // no temporary file left behind
}

TEST(JUnit, WriteFailureNamesIdPathAndReason) {
  testing::TempDir dir;
  const std::string path = dir.file("missing/junit.xml");
  try {
    writeJUnit(RunResult{}, path);
    FAIL() << "expected OxhException";
  } catch (const OxhException& e) {
    EXPECT_EQ(e.error().id(), "oxh.report.write");
    EXPECT_THAT(e.error().message(), HasSubstr(path));
    EXPECT_THAT(e.error().message(), HasSubstr("No such file or directory"));
  }
}

}  // namespace
}  // namespace oxh::runner
