#pragma once
// certify's outputs: a JSON report, JUnit XML (one testcase per check, classname = requirement
// id), and an evidence bundle: a tar archive with report.json, one evidence file per check and
// MANIFEST.sha256 listing the SHA-256 of every other member, so a partner can file it and the
// receiver can verify nothing was altered (`sha256sum -c MANIFEST.sha256` after extracting).
// Thread: free functions.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runner/certify/check_result.hpp"
#include "runner/certify/deployment.hpp"

namespace oxh::runner::certify {

nlohmann::json reportJson(const Deployment& deployment, const std::vector<CheckResult>& results);
void writeJson(const std::string& path, const nlohmann::json& report);
void writeJunit(const std::string& path, const Deployment& deployment, const std::vector<CheckResult>& results);
void writeEvidenceBundle(const std::string& path, const nlohmann::json& report, const std::vector<CheckResult>& results);

// Lowercase hex SHA-256 (exposed for tests).
std::string sha256Hex(const std::string& bytes);

}  // namespace oxh::runner::certify
