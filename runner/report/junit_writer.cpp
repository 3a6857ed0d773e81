#include "runner/report/junit_writer.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "runner/report/report_file.hpp"
#include "runner/report/report_text.hpp"
#include "runner/report/xml_writer.hpp"

namespace oxh::runner {
namespace {

struct Counts {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;

  void add(Status status) {
    ++tests;
    failures += status == Status::Failed ? 1 : 0;
    errors += status == Status::Error ? 1 : 0;
    skipped += status == Status::Skipped ? 1 : 0;
  }
};

struct Suite {
  std::string file;
  std::vector<const ScenarioResult*> scenarios;
};

// One suite per scenario file, in order of first appearance: parallel runs may interleave files.
std::vector<Suite> groupByFile(const RunResult& run) {
  std::vector<Suite> suites;
  for (const ScenarioResult& scenario : run.scenarios) {
    Suite* target = nullptr;
    for (Suite& suite : suites) {
      if (suite.file == scenario.file) {
        target = &suite;
        break;
      }
    }
    if (target == nullptr) {
      target = &suites.emplace_back(Suite{scenario.file, {}});
    }
    target->scenarios.push_back(&scenario);
  }
  return suites;
}

void countAttributes(XmlWriter& xml, const Counts& counts) {
  xml.attribute("tests", std::to_string(counts.tests))
      .attribute("failures", std::to_string(counts.failures))
      .attribute("errors", std::to_string(counts.errors))
      .attribute("skipped", std::to_string(counts.skipped));
}

void property(XmlWriter& xml, std::string_view name, std::string_view value) {
  xml.open("property").attribute("name", name).attribute("value", value).close();
}

// The body of <failure>/<error>: every step, so the CI page shows how far the scenario got.
std::string stepList(const ScenarioResult& scenario) {
  std::string out;
  for (const StepResult& step : scenario.steps) {
    std::string status = toString(step.status);
    status.resize(8, ' ');
    out += status + formatSeconds(step.seconds) + "s " + step.where.describe() + " " + step.kind;
    if (!step.message.empty()) {
      out += ": " + step.message;
    }
    out += '\n';
  }
  return out;
}

std::string findingLines(const ScenarioResult& scenario) {
  std::string out;
  for (const Finding& finding : scenario.findings) {
    out += "[" + finding.id + "] ";
    if (!finding.component.empty()) {
      out += finding.component + ": ";
    }
    out += finding.message + '\n';
  }
  return out;
}

std::string messageOr(const ScenarioResult& scenario, std::string_view fallback) {
  return scenario.message.empty() ? std::string(fallback) : scenario.message;
}

// mikepenz/action-junit-report annotates file:line, so point at the failing step when it sits
// in the scenario file itself (not in an included fragment), else at the scenario.
int annotationLine(const ScenarioResult& scenario) {
  if (scenario.failedAt && scenario.failedAt->file == scenario.file && scenario.failedAt->line > 0) {
    return scenario.failedAt->line;
  }
  return scenario.line;
}

void outcome(XmlWriter& xml, const ScenarioResult& scenario) {
  switch (scenario.status) {
    case Status::Passed:
      return;
    case Status::Failed:
      xml.open("failure").attribute("message", messageOr(scenario, "scenario failed")).attribute("type", "oxh.step");
      xml.text(stepList(scenario)).close();
      return;
    case Status::Error:
      xml.open("error").attribute("message", messageOr(scenario, "scenario error")).attribute("type", "oxh.error");
      xml.text(stepList(scenario)).close();
      return;
    case Status::Skipped:
      xml.open("skipped").attribute("message", scenario.message).close();
      return;
  }
}

void testcase(XmlWriter& xml, const ScenarioResult& scenario) {
  xml.open("testcase")
      .attribute("name", scenario.name)
      .attribute("classname", scenario.classname)
      .attribute("file", scenario.file);
  if (const int line = annotationLine(scenario); line > 0) {
    xml.attribute("line", std::to_string(line));
  }
  xml.attribute("time", formatSeconds(scenario.seconds));

  if (!scenario.tags.empty() || !scenario.properties.empty()) {
    xml.open("properties");
    if (!scenario.tags.empty()) {
      std::string tags;
      for (const std::string& tag : scenario.tags) {
        tags += (tags.empty() ? "" : ",") + tag;
      }
      property(xml, "tags", tags);
    }
    for (const auto& [name, value] : scenario.properties) {
      property(xml, name, value);
    }
    xml.close();
  }
  outcome(xml, scenario);
  if (!scenario.transcript.empty()) {
    xml.open("system-out").text(scenario.transcript).close();
  }
  if (!scenario.findings.empty()) {
    xml.open("system-err").text(findingLines(scenario)).close();
  }
  xml.close();
}

void testsuite(XmlWriter& xml, const RunResult& run, const Suite& suite) {
  Counts counts;
  double seconds = 0;
  for (const ScenarioResult* scenario : suite.scenarios) {
    counts.add(scenario->status);
    seconds += reportedSeconds(scenario->seconds);
  }
  xml.open("testsuite").attribute("name", suite.file);
  countAttributes(xml, counts);
  xml.attribute("time", formatSeconds(seconds));
  if (!run.startedAt.empty()) {
    xml.attribute("timestamp", run.startedAt);
  }
  xml.attribute("hostname", run.hostname);
  xml.open("properties");
  property(xml, "seed", std::to_string(run.seed));
  property(xml, "version", run.version);
  xml.close();
  for (const ScenarioResult* scenario : suite.scenarios) {
    testcase(xml, *scenario);
  }
  xml.close();
}

}  // namespace

std::string renderJUnit(const RunResult& run) {
  const Counts total{run.scenarios.size(), run.count(Status::Failed), run.count(Status::Error),
                     run.count(Status::Skipped)};
  XmlWriter xml;
  xml.open("testsuites").attribute("name", "oxharness");
  countAttributes(xml, total);
  // The run's wall time, not the sum: scenarios run in parallel.
  xml.attribute("time", formatSeconds(run.seconds));
  for (const Suite& suite : groupByFile(run)) {
    testsuite(xml, run, suite);
  }
  return xml.finish();
}

void writeJUnit(const RunResult& run, const std::string& path) { writeReportFile(path, renderJUnit(run)); }

}  // namespace oxh::runner
