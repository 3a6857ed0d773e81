#pragma once
// Shared by the report tests: a run with one scenario of each status, raw bytes in the places
// where real runs put wire data, and a scratch directory that cleans up after itself.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <system_error>

#include "runner/report/result.hpp"

namespace oxh::runner::testing {

// Every XML special, forbidden control bytes, and invalid UTF-8 (stray continuation, overlong
// NUL, surrogate, truncated sequence, byte 0xFF) plus the non-character U+FFFE.
inline const std::string kNasty =
    std::string("a&b<c>d\"e'f ]]> \t|\n|\r|") + std::string(1, '\0') + "\x01\x1b[0m\x7f" + "\x80\xc0\x80\xed\xa0\x80" +
    "\xe2\x82" + "\xff" + "\xef\xbf\xbe" + "\xc3\xa9";

inline RunResult sampleRun() {
  RunResult run;
  run.version = "0.1.0";
  run.startedAt = "2024-05-01T12:00:00Z";
  run.seconds = 4.5;
  run.seed = 18446744073709551615ULL;  // largest seed: must survive as an exact integer
  run.hostname = "ci-7";

  ScenarioResult passed;
  passed.name = "login works";
  passed.file = "scenarios/imap/login.yaml";
  passed.classname = "scenarios.imap.login";
  passed.line = 1;
  passed.tags = {"imap", "smoke"};
  passed.properties = {{"topology.dovecot", "fake"}, {"seed", "42"}};
  passed.seconds = 0.25;
  passed.steps = {{"imap.command", {"scenarios/imap/login.yaml", 5, 5}, Status::Passed, 0.1, ""}};
  passed.transcript = "C: a1 LOGIN alice secret\r\nS: a1 OK\r\n";
  run.scenarios.push_back(passed);

  ScenarioResult failed;
  failed.name = "push reaches iOS [transport=apn]";
  failed.file = "scenarios/push/ios.yaml";
  failed.classname = "scenarios.push.ios";
  failed.line = 1;
  failed.status = Status::Failed;
  failed.message = "scenarios/push/ios.yaml:14:7: no push within 3s";
  failed.failedAt = SourcePosition{"scenarios/push/ios.yaml", 14, 7};
  failed.seconds = 3.0004;
  failed.steps = {{"facade.login", {"scenarios/push/ios.yaml", 9, 5}, Status::Passed, 0.0123, ""},
                  {"expect.apns.push", {"scenarios/push/ios.yaml", 14, 7}, Status::Failed, 3, "no push within 3s"}};
  failed.findings = {{"oxh.notify.malformed-json", "unexpected token", "notify"}};
  failed.transcript = "S: * OK " + kNasty + "\n";
  run.scenarios.push_back(failed);

  ScenarioResult errored;
  errored.name = "imap crash";
  errored.file = "scenarios/imap/login.yaml";  // same file as the first: one suite for both
  errored.classname = "scenarios.imap.login";
  errored.line = 20;
  errored.status = Status::Error;
  errored.message = "scenarios/imap/login.yaml:22:5: connection reset";
  errored.failedAt = SourcePosition{"scenarios/imap/fragment.yaml", 3, 1};
  errored.seconds = 0.5;
  run.scenarios.push_back(errored);

  ScenarioResult skipped;
  skipped.name = "metadata";
  skipped.file = "scenarios/push/ios.yaml";
  skipped.classname = "scenarios.push.ios";
  skipped.status = Status::Skipped;
  skipped.message = "server lacks METADATA";
  run.scenarios.push_back(skipped);
  return run;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "oxh-report-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }
  [[nodiscard]] std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(path_), {}));
  }

 private:
  std::filesystem::path path_;
};

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline void writeFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace oxh::runner::testing
