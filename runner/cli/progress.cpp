#include "runner/cli/progress.hpp"

#include <unistd.h>

#include <string>

namespace oxh::runner::cli {

ProgressPrinter::ProgressPrinter(std::FILE* out, bool quiet)
    : out_(out), terminal_(::isatty(::fileno(out)) != 0 && std::getenv("TERM") != nullptr && std::string(std::getenv("TERM")) != "dumb"),
      quiet_(quiet) {}

void ProgressPrinter::clearLine() {
  if (lineShown_) {
    std::fputs("\r\033[K", out_);
    lineShown_ = false;
  }
}

void ProgressPrinter::operator()(const Progress& progress) {
  if (const ScenarioResult* done = progress.finished) {
    const bool bad = done->status == Status::Failed || done->status == Status::Error;
    if (bad || (!quiet_ && !terminal_) || (!quiet_ && done->status == Status::Skipped)) {
      clearLine();
      const char* label = done->status == Status::Passed    ? "PASS "
                          : done->status == Status::Skipped ? "SKIP "
                          : done->status == Status::Failed  ? "FAIL "
                                                            : "ERROR";
      std::fprintf(out_, "%s %s (%.2fs)\n", label, done->name.c_str(), done->seconds);
      if (!done->message.empty() && done->status != Status::Passed) {
        std::fprintf(out_, "      %s\n", done->message.c_str());
      }
    }
  }
  if (terminal_) {
    clearLine();
    std::string running;
    for (const auto& name : progress.running) {
      running += (running.empty() ? "" : ", ") + name;
    }
    if (running.size() > 60) {
      running = running.substr(0, 57) + "...";
    }
    std::fprintf(out_, "[%zu/%zu] %zu passed, %zu failed, %zu skipped%s%s", progress.done, progress.total,
                 progress.passed, progress.failed, progress.skipped, running.empty() ? "" : "  running: ",
                 running.c_str());
    lineShown_ = true;
  }
  std::fflush(out_);
}

void ProgressPrinter::finish() {
  clearLine();
  std::fflush(out_);
}

}  // namespace oxh::runner::cli
