#include "runner/engine/supervisor.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <algorithm>
#include <string>

#include "runner/engine/result_codec.hpp"

namespace oxh::runner {

namespace {

using Clock = std::chrono::steady_clock;

struct Worker {
  std::size_t index = 0;
  pid_t pid = -1;
  int fd = -1;
  std::string buffer;
  std::string transcript;
  std::optional<ScenarioResult> result;
  Clock::time_point killAt;
  bool killed = false;
};

void writeAll(int fd, const std::string& text) {
  std::size_t offset = 0;
  while (offset < text.size()) {
    const auto written = ::write(fd, text.data() + offset, text.size() - offset);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;  // the supervisor is gone; nothing left to tell
    }
    offset += static_cast<std::size_t>(written);
  }
}

// In the worker: play the scenario, stream "L <transcript line>" lines, end with "R <json>".
[[noreturn]] void workerMain(int fd, const Scenario& scenario, const StepRegistry& registry, ScenarioRunOptions options) {
  ::signal(SIGPIPE, SIG_IGN);
  std::mutex writeMutex;
  options.onEntry = [fd, &writeMutex](const journal::Journal& journal, const journal::Entry& entry) {
    std::string line = journal.transcriptLine(entry);
    for (auto& c : line) {
      if (c == '\n' || c == '\r') {
        c = ' ';
      }
    }
    std::lock_guard lock(writeMutex);
    writeAll(fd, "L " + line + "\n");
  };
  const auto result = runScenario(scenario, registry, options);
  {
    std::lock_guard lock(writeMutex);
    writeAll(fd, "R " + dumpLine(encodeResult(result)) + "\n");
  }
  ::close(fd);
  std::fflush(nullptr);
  ::_exit(0);
}

ScenarioResult lostResult(const Scenario& scenario, const Worker& worker, const std::string& why, std::uint64_t seed) {
  ScenarioResult result = resultFor(scenario, seed);
  result.status = Status::Error;
  result.message = scenario.where.describe() + ": " + why;
  result.failedAt = scenario.where;
  result.transcript = worker.transcript;
  return result;
}

std::string describeExit(int status) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return "the scenario's worker process died of signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
  }
  if (WIFEXITED(status)) {
    return "the scenario's worker process exited with code " + std::to_string(WEXITSTATUS(status)) + " without a result";
  }
  return "the scenario's worker process ended without a result";
}

void consumeLines(Worker& worker) {
  std::size_t start = 0;
  for (std::size_t newline; (newline = worker.buffer.find('\n', start)) != std::string::npos; start = newline + 1) {
    const std::string_view line(worker.buffer.data() + start, newline - start);
    if (line.rfind("L ", 0) == 0) {
      worker.transcript.append(line.substr(2));
      worker.transcript += '\n';
    } else if (line.rfind("R ", 0) == 0) {
      auto json = nlohmann::json::parse(line.substr(2), nullptr, false);
      if (!json.is_discarded()) {
        worker.result = decodeResult(json);
      }
    }
  }
  worker.buffer.erase(0, start);
}

// Addresses a scenario's embedded fakes listen on that are not port 0: a real build calls
// back there (Dovecot's push driver URL), so two scenarios with one such address must not
// run at the same time (DESIGN.md section 4, Isolation).
std::vector<std::string> fixedAddresses(const Scenario& scenario) {
  std::vector<std::string> out;
  for (const auto& [component, topology] : scenario.topology) {
    if (!topology.fake) {
      continue;
    }
    for (const auto& [name, address] : topology.endpoints) {
      if (address.size() < 2 || address.substr(address.size() - 2) != ":0") {
        out.push_back(address);
      }
    }
  }
  return out;
}

class Scheduler {
 public:
  Scheduler(const std::vector<Scenario>& scenarios, const StepRegistry& registry, const SuperviseOptions& options)
      : scenarios_(scenarios), registry_(registry), options_(options), results_(scenarios.size()) {
    progress_.total = scenarios.size();
  }

  std::vector<ScenarioResult> run() {
    std::vector<std::size_t> pending(scenarios_.size());
    for (std::size_t i = 0; i < pending.size(); ++i) {
      pending[i] = i;
    }
    while (!pending.empty() || !workers_.empty()) {
      while (!pending.empty() && workers_.size() < std::max(1U, options_.jobs) && !(options_.failFast && failedOnce_)) {
        // The first pending scenario whose fixed addresses no running scenario holds.
        auto startable = std::find_if(pending.begin(), pending.end(), [&](std::size_t index) {
          return std::none_of(fixedAddresses(scenarios_[index]).begin(), fixedAddresses(scenarios_[index]).end(),
                              [&](const std::string& address) { return held_.count(address) != 0; });
        });
        if (startable == pending.end()) {
          break;
        }
        const std::size_t index = *startable;
        pending.erase(startable);
        start(index);
      }
      if (options_.failFast && failedOnce_ && workers_.empty()) {
        for (const std::size_t index : pending) {
          ScenarioResult skipped = lostResult(scenarios_[index], Worker{}, "not run: --fail-fast after an earlier failure", 0);
          skipped.status = Status::Skipped;
          finish(index, std::move(skipped));
        }
        break;
      }
      if (!workers_.empty()) {
        pollOnce();
      }
    }
    return std::move(results_);
  }

 private:
  ScenarioRunOptions runOptions(std::size_t index) const {
    ScenarioRunOptions run;
    run.seed = scenarioSeed(options_.seed, scenarios_[index].displayName());
    run.timeout = options_.timeout;
    return run;
  }

  void start(std::size_t index) {
    const Scenario& scenario = scenarios_[index];
    progress_.running.push_back(scenario.displayName());
    report(nullptr);
    int fds[2];
    if (::pipe(fds) != 0) {
      finish(index, lostResult(scenario, Worker{}, std::string("cannot create a pipe: ") + std::strerror(errno), 0));
      return;
    }
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[0]);
      workerMain(fds[1], scenario, registry_, runOptions(index));
    }
    ::close(fds[1]);
    if (pid < 0) {
      ::close(fds[0]);
      finish(index, lostResult(scenario, Worker{}, std::string("cannot fork: ") + std::strerror(errno), 0));
      return;
    }
    for (const auto& address : fixedAddresses(scenario)) {
      held_.insert(address);
    }
    Worker worker;
    worker.index = index;
    worker.pid = pid;
    worker.fd = fds[0];
    const Duration limit = scenario.timeout.value_or(options_.timeout) + options_.killGrace;
    worker.killAt = Clock::now() + std::chrono::duration_cast<Clock::duration>(limit);
    workers_.push_back(std::move(worker));
  }

  void pollOnce() {
    std::vector<pollfd> fds;
    auto nearest = Clock::time_point::max();
    for (const auto& worker : workers_) {
      fds.push_back({worker.fd, POLLIN, 0});
      nearest = std::min(nearest, worker.killAt);
    }
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(nearest - Clock::now()).count();
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::clamp<long long>(wait + 1, 0, 1000)));
    if (ready < 0 && errno != EINTR) {
      return;
    }
    for (std::size_t i = fds.size(); i-- > 0;) {
      Worker& worker = workers_[i];
      bool ended = false;
      if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        char chunk[65536];
        const auto got = ::read(worker.fd, chunk, sizeof chunk);
        if (got > 0) {
          worker.buffer.append(chunk, static_cast<std::size_t>(got));
          consumeLines(worker);
        } else if (got == 0 || errno != EINTR) {
          ended = true;
        }
      }
      if (!ended && !worker.killed && Clock::now() >= worker.killAt) {
        ::kill(worker.pid, SIGKILL);
        worker.killed = true;
      }
      if (ended) {
        reap(i);
      }
    }
  }

  void reap(std::size_t position) {
    Worker worker = std::move(workers_[position]);
    workers_.erase(workers_.begin() + static_cast<std::ptrdiff_t>(position));
    ::close(worker.fd);
    int status = 0;
    while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
    }
    const Scenario& scenario = scenarios_[worker.index];
    for (const auto& address : fixedAddresses(scenario)) {
      held_.erase(address);
    }
    auto& running = progress_.running;
    running.erase(std::find(running.begin(), running.end(), scenario.displayName()));
    if (worker.result) {
      finish(worker.index, std::move(*worker.result));
    } else if (worker.killed) {
      const Duration limit = scenario.timeout.value_or(options_.timeout);
      finish(worker.index, lostResult(scenario, worker, "timed out after " + formatDuration(limit) +
                                                            "; the worker did not stop by itself and was killed",
                                      runOptions(worker.index).seed));
    } else {
      finish(worker.index, lostResult(scenario, worker, describeExit(status), runOptions(worker.index).seed));
    }
  }

  void finish(std::size_t index, ScenarioResult result) {
    results_[index] = std::move(result);
    const auto& done = results_[index];
    progress_.count(done);
    failedOnce_ = failedOnce_ || progress_.failed > 0;
    report(&done);
  }

  void report(const ScenarioResult* finished) {
    if (options_.onProgress) {
      progress_.finished = finished;
      options_.onProgress(progress_);
      progress_.finished = nullptr;
    }
  }

  const std::vector<Scenario>& scenarios_;
  const StepRegistry& registry_;
  const SuperviseOptions& options_;
  std::vector<ScenarioResult> results_;
  std::vector<Worker> workers_;
  Progress progress_;
  bool failedOnce_ = false;
  std::set<std::string> held_;  // fixed listen addresses of running scenarios
};

std::vector<ScenarioResult> runInProcess(const std::vector<Scenario>& scenarios, const StepRegistry& registry,
                                         const SuperviseOptions& options) {
  std::vector<ScenarioResult> results;
  Progress progress;
  progress.total = scenarios.size();
  bool failed = false;
  for (const auto& scenario : scenarios) {
    if (options.failFast && failed) {
      ScenarioResult skipped = lostResult(scenario, Worker{}, "not run: --fail-fast after an earlier failure", 0);
      skipped.status = Status::Skipped;
      results.push_back(std::move(skipped));
    } else {
      progress.running = {scenario.displayName()};
      if (options.onProgress) {
        options.onProgress(progress);
      }
      ScenarioRunOptions run;
      run.seed = scenarioSeed(options.seed, scenario.displayName());
      run.timeout = options.timeout;
      results.push_back(runScenario(scenario, registry, run));
    }
    const auto& done = results.back();
    progress.running.clear();
    progress.count(done);
    failed = progress.failed > 0;
    if (options.onProgress) {
      progress.finished = &done;
      options.onProgress(progress);
      progress.finished = nullptr;
    }
  }
  return results;
}

}  // namespace

void Progress::count(const ScenarioResult& result) {
  ++done;
  if (result.status == Status::Passed) {
    ++passed;
  } else if (result.status == Status::Skipped) {
    ++skipped;
  } else {
    ++failed;
  }
}

std::vector<ScenarioResult> runAll(const std::vector<Scenario>& scenarios, const StepRegistry& registry,
                                   const SuperviseOptions& options) {
  if (!options.isolate) {
    return runInProcess(scenarios, registry, options);
  }
  Scheduler scheduler(scenarios, registry, options);
  return scheduler.run();
}

}  // namespace oxh::runner
