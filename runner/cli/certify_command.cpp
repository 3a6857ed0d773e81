#include "runner/cli/certify_command.hpp"

#include <iostream>

#include "runner/certify/certify_checks.hpp"
#include "runner/certify/certify_report.hpp"
#include "runner/cli/commands.hpp"

namespace oxh::runner::cli {

void addCertifyOptions(CLI::App& command, CertifyOptions& options) {
  command.add_option("--target", options.target, "the deployment file (YAML: app_endpoints, middleware, dovecot, users, config)")
      ->required();
  command.add_option("--json", options.json, "write the JSON report here");
  command.add_option("--junit", options.junit, "write JUnit XML here (one testcase per check)");
  command.add_option("--evidence", options.evidence, "write the evidence bundle (tar with MANIFEST.sha256) here");
  command.add_flag("-q,--quiet", options.quiet, "print only failures and the summary");
}

int certifyCommand(const CertifyOptions& options) {
  certify::Deployment deployment;
  try {
    deployment = certify::loadDeployment(options.target);
  } catch (const OxhException& error) {
    std::cerr << error.error().describe() << "\n";
    return kExitUsage;
  }
  std::cout << "oxharness certify: " << deployment.name << " (" << deployment.file << ")\n";
  const auto results = certify::runAllChecks(deployment);
  int failed = 0;
  for (const auto& result : results) {
    failed += result.verdict == certify::Verdict::Fail;
    if (options.quiet && result.verdict != certify::Verdict::Fail) {
      continue;
    }
    const auto verdict = certify::toString(result.verdict);
    std::cout << (verdict == "pass" ? "PASS " : verdict == "fail" ? "FAIL " : "SKIP ") << result.id << " ["
              << result.severity << "] " << result.title << " — " << result.subject << "\n";
    if (!result.message.empty()) {
      std::cout << "      " << result.message << "\n";
    }
    if (result.verdict == certify::Verdict::Fail) {
      std::cout << "      remedy: " << result.remedy << "\n";
    }
  }
  const auto report = certify::reportJson(deployment, results);
  try {
    if (!options.json.empty()) {
      certify::writeJson(options.json, report);
    }
    if (!options.junit.empty()) {
      certify::writeJunit(options.junit, deployment, results);
    }
    if (!options.evidence.empty()) {
      certify::writeEvidenceBundle(options.evidence, report, results);
    }
  } catch (const OxhException& error) {
    std::cerr << error.error().describe() << "\n";
    return kExitInternal;
  }
  std::cout << "oxharness certify: " << results.size() - static_cast<std::size_t>(failed) << " of " << results.size()
            << " checks without failure, " << failed << " failed\n";
  return failed == 0 ? kExitPassed : kExitFailed;
}

}  // namespace oxh::runner::cli
