#include "runner/report/json_writer.hpp"

#include "runner/report/report_file.hpp"
#include "runner/report/report_text.hpp"

namespace oxh::runner {
namespace {

using nlohmann::json;

json text(const std::string& value) { return toValidUtf8(value); }

json position(const SourcePosition& where) {
  return {{"file", text(where.file)}, {"line", where.line}, {"column", where.column}};
}

json step(const StepResult& result) {
  return {{"kind", text(result.kind)},
          {"file", text(result.where.file)},
          {"line", result.where.line},
          {"column", result.where.column},
          {"status", toString(result.status)},
          {"seconds", reportedSeconds(result.seconds)},
          {"message", text(result.message)}};
}

json finding(const Finding& result) {
  return {{"id", text(result.id)}, {"component", text(result.component)}, {"message", text(result.message)}};
}

json scenario(const ScenarioResult& result) {
  json tags = json::array();
  for (const std::string& tag : result.tags) {
    tags.push_back(text(tag));
  }
  json properties = json::object();
  for (const auto& [name, value] : result.properties) {
    properties[toValidUtf8(name)] = text(value);
  }
  json steps = json::array();
  for (const StepResult& each : result.steps) {
    steps.push_back(step(each));
  }
  json findings = json::array();
  for (const Finding& each : result.findings) {
    findings.push_back(finding(each));
  }
  return {{"name", text(result.name)},
          {"file", text(result.file)},
          {"line", result.line},
          {"classname", text(result.classname)},
          {"status", toString(result.status)},
          {"message", text(result.message)},
          {"failedAt", result.failedAt ? position(*result.failedAt) : json(nullptr)},
          {"seconds", reportedSeconds(result.seconds)},
          {"tags", std::move(tags)},
          {"properties", std::move(properties)},
          {"steps", std::move(steps)},
          {"findings", std::move(findings)},
          {"transcript", text(result.transcript)}};
}

}  // namespace

json toJson(const RunResult& run) {
  json scenarios = json::array();
  for (const ScenarioResult& each : run.scenarios) {
    scenarios.push_back(scenario(each));
  }
  return {{"schema", kJsonReportSchema},
          {"tool", text(run.tool)},
          {"version", text(run.version)},
          {"startedAt", text(run.startedAt)},
          {"seconds", reportedSeconds(run.seconds)},
          {"seed", run.seed},
          {"hostname", text(run.hostname)},
          {"summary",
           {{"total", run.scenarios.size()},
            {"passed", run.count(Status::Passed)},
            {"failed", run.count(Status::Failed)},
            {"skipped", run.count(Status::Skipped)},
            {"errors", run.count(Status::Error)}}},
          {"scenarios", std::move(scenarios)}};
}

void writeJson(const RunResult& run, const std::string& path) {
  // Strings are already valid UTF-8; `replace` is a second line of defence, never a throw.
  writeReportFile(path, toJson(run).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

}  // namespace oxh::runner
