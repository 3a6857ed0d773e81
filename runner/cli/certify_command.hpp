#pragma once
// `oxharness certify --target deployment.yaml`: runs every certification check against a
// partner's deployment and writes JSON, JUnit and an evidence bundle.
// Exit codes: 0 every check passed (skips allowed), 1 a check failed, 2 a bad deployment file.
#include <CLI/CLI.hpp>
#include <string>

namespace oxh::runner::cli {

struct CertifyOptions {
  std::string target;
  std::string json;
  std::string junit;
  std::string evidence;
  bool quiet = false;
};

void addCertifyOptions(CLI::App& command, CertifyOptions& options);
int certifyCommand(const CertifyOptions& options);

}  // namespace oxh::runner::cli
