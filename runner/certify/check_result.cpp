#include "runner/certify/check_result.hpp"

namespace oxh::runner::certify {

std::string toString(Verdict verdict) {
  switch (verdict) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Skip: return "skip";
  }
  return "skip";
}

CheckResult makeCheck(std::string id, std::string title, std::string severity, std::string subject,
                      std::string requirement, std::string remedy) {
  CheckResult result;
  result.id = std::move(id);
  result.title = std::move(title);
  result.severity = std::move(severity);
  result.subject = std::move(subject);
  result.requirement = std::move(requirement);
  result.remedy = std::move(remedy);
  return result;
}

nlohmann::json CheckResult::toJson() const {
  return {{"id", id},           {"title", title},     {"requirement", requirement}, {"severity", severity},
          {"subject", subject}, {"verdict", toString(verdict)}, {"message", message}, {"remedy", remedy},
          {"seconds", seconds}, {"evidence", evidence}};
}

}  // namespace oxh::runner::certify
