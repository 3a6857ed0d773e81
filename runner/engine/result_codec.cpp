#include "runner/engine/result_codec.hpp"

namespace oxh::runner {

namespace {

nlohmann::json encodePosition(const SourcePosition& where) {
  return {{"file", where.file}, {"line", where.line}, {"column", where.column}};
}

SourcePosition decodePosition(const nlohmann::json& json) {
  return {json.value("file", ""), json.value("line", 0), json.value("column", 0)};
}

Status decodeStatus(const std::string& text) {
  if (text == "failed") {
    return Status::Failed;
  }
  if (text == "skipped") {
    return Status::Skipped;
  }
  if (text == "error") {
    return Status::Error;
  }
  return Status::Passed;
}

}  // namespace

nlohmann::json encodeResult(const ScenarioResult& result) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : result.steps) {
    steps.push_back({{"kind", step.kind},
                     {"where", encodePosition(step.where)},
                     {"status", toString(step.status)},
                     {"seconds", step.seconds},
                     {"message", step.message}});
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& finding : result.findings) {
    findings.push_back({{"id", finding.id}, {"message", finding.message}, {"component", finding.component}});
  }
  return {{"name", result.name},
          {"file", result.file},
          {"line", result.line},
          {"classname", result.classname},
          {"tags", result.tags},
          {"properties", result.properties},
          {"status", toString(result.status)},
          {"message", result.message},
          {"failedAt", result.failedAt ? encodePosition(*result.failedAt) : nlohmann::json()},
          {"seconds", result.seconds},
          {"steps", steps},
          {"findings", findings},
          {"transcript", result.transcript}};
}

ScenarioResult decodeResult(const nlohmann::json& json) {
  ScenarioResult result;
  result.name = json.value("name", "");
  result.file = json.value("file", "");
  result.line = json.value("line", 0);
  result.classname = json.value("classname", "");
  result.tags = json.value("tags", std::vector<std::string>{});
  result.properties = json.value("properties", std::map<std::string, std::string>{});
  result.status = decodeStatus(json.value("status", "error"));
  result.message = json.value("message", "");
  if (json.contains("failedAt") && json["failedAt"].is_object()) {
    result.failedAt = decodePosition(json["failedAt"]);
  }
  result.seconds = json.value("seconds", 0.0);
  for (const auto& step : json.value("steps", nlohmann::json::array())) {
    result.steps.push_back({step.value("kind", ""), decodePosition(step.value("where", nlohmann::json::object())),
                            decodeStatus(step.value("status", "")), step.value("seconds", 0.0), step.value("message", "")});
  }
  for (const auto& finding : json.value("findings", nlohmann::json::array())) {
    result.findings.push_back({finding.value("id", ""), finding.value("message", ""), finding.value("component", "")});
  }
  result.transcript = json.value("transcript", "");
  return result;
}

std::string dumpLine(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace oxh::runner
