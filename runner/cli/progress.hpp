#pragma once
// What `oxharness run` prints while it works: on a terminal one progress line rewritten in
// place plus a line per failure; otherwise (CI logs) one plain line per finished scenario.
#include <cstdio>

#include "runner/engine/supervisor.hpp"

namespace oxh::runner::cli {

class ProgressPrinter {
 public:
  ProgressPrinter(std::FILE* out, bool quiet);
  void operator()(const Progress& progress);
  void finish();

 private:
  void clearLine();
  std::FILE* out_;
  bool terminal_;
  bool quiet_;
  bool lineShown_ = false;
};

}  // namespace oxh::runner::cli
