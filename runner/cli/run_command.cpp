#include <unistd.h>

#include <chrono>
#include <ctime>
#include <iostream>
#include <random>

#include "runner/cli/commands.hpp"
#include "runner/cli/progress.hpp"
#include "runner/engine/supervisor.hpp"
#include "runner/report/json_writer.hpp"
#include "runner/report/junit_writer.hpp"
#include "runner/steps/step_families.hpp"

#ifndef OXH_VERSION
#define OXH_VERSION "0.0.0"
#endif

namespace oxh::runner::cli {

namespace {

std::string isoNow() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string hostName() {
  char buffer[256] = {};
  ::gethostname(buffer, sizeof buffer - 1);
  return buffer;
}

}  // namespace

int runCommand(const RunOptions& options) {
  const auto registry = allSteps();
  std::vector<Scenario> scenarios;
  std::size_t files = 0;
  if (!loadSelection(options.selection, registry, scenarios, files)) {
    std::cerr << "oxharness: nothing was run: fix the errors above\n";
    return kExitUsage;
  }
  const auto timeout = parseDuration(options.timeout);
  if (!timeout) {
    std::cerr << Error("oxh.cli.bad-timeout", "--timeout wants a duration like 30s, got '" + options.timeout + "'").describe() << "\n";
    return kExitUsage;
  }
  std::uint64_t seed = 0;
  if (options.seed.empty()) {
    seed = std::random_device{}() & 0xffffffffU;
  } else {
    try {
      seed = std::stoull(options.seed);
    } catch (...) {
      std::cerr << Error("oxh.cli.bad-seed", "--seed wants a number, got '" + options.seed + "'").describe() << "\n";
      return kExitUsage;
    }
  }
  if (scenarios.empty()) {
    std::cerr << "oxharness: no scenario selected (" << files << " file(s) read)\n";
    return kExitUsage;
  }
  std::printf("oxharness %s: %zu scenario(s) from %zu file(s), seed %llu, %u job(s)\n", OXH_VERSION, scenarios.size(), files,
              static_cast<unsigned long long>(seed), options.jobs);
  std::fflush(stdout);

  ProgressPrinter printer(stdout, options.quiet);
  SuperviseOptions supervise;
  supervise.jobs = options.jobs;
  supervise.isolate = !options.noIsolate;
  supervise.failFast = options.failFast;
  supervise.seed = seed;
  supervise.timeout = *timeout;
  supervise.onProgress = [&printer](const Progress& progress) { printer(progress); };

  RunResult run;
  run.version = OXH_VERSION;
  run.startedAt = isoNow();
  run.seed = seed;
  run.hostname = hostName();
  const auto start = std::chrono::steady_clock::now();
  run.scenarios = runAll(scenarios, registry, supervise);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  printer.finish();

  int code = kExitPassed;
  try {
    if (!options.junit.empty()) {
      writeJUnit(run, options.junit);
    }
    if (!options.json.empty()) {
      writeJson(run, options.json);
    }
  } catch (const OxhException& error) {
    std::cerr << error.error().describe() << "\n";
    code = kExitInternal;
  }
  const auto failed = run.count(Status::Failed);
  const auto errors = run.count(Status::Error);
  std::printf("oxharness: %zu passed, %zu failed, %zu skipped, %zu errors in %.2fs (seed %llu)\n", run.count(Status::Passed),
              failed, run.count(Status::Skipped), errors, run.seconds, static_cast<unsigned long long>(seed));
  if (!options.junit.empty() || !options.json.empty()) {
    std::printf("reports:%s%s%s%s\n", options.junit.empty() ? "" : " junit=", options.junit.c_str(),
                options.json.empty() ? "" : " json=", options.json.c_str());
  }
  if (code == kExitPassed && failed + errors > 0) {
    code = kExitFailed;
  }
  return code;
}

}  // namespace oxh::runner::cli
