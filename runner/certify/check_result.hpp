#pragma once
// One certification check's outcome: a stable requirement id tied to the seed text, a severity,
// the verdict, the evidence (transcript) and the remedy a partner should apply.
// Thread: value types.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace oxh::runner::certify {

enum class Verdict { Pass, Fail, Skip };

struct CheckResult {
  std::string id;           // "TLS-01"
  std::string title;        // one line
  std::string requirement;  // the seed's words the check enforces
  std::string severity;     // critical, high, medium
  std::string subject;      // what was checked ("facade 127.0.0.1:8443", "alice@example.org")
  Verdict verdict = Verdict::Skip;
  std::string message;   // why it failed or was skipped; empty on pass
  std::string evidence;  // transcript of what was sent and seen
  std::string remedy;
  double seconds = 0;

  [[nodiscard]] nlohmann::json toJson() const;
};

std::string toString(Verdict verdict);

// A check not yet run (verdict Skip until the check decides).
CheckResult makeCheck(std::string id, std::string title, std::string severity, std::string subject,
                      std::string requirement, std::string remedy);

}  // namespace oxh::runner::certify
