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

nlohmann::json CheckResult::toJson() const {
  return {{"id", id},           {"title", title},     {"requirement", requirement}, {"severity", severity},
          {"subject", subject}, {"verdict", toString(verdict)}, {"message", message}, {"remedy", remedy},
          {"seconds", seconds}, {"evidence", evidence}};
}

}  // namespace oxh::runner::certify
