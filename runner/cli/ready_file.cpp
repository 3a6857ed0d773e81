#include "runner/cli/ready_file.hpp"

#include <cstdio>
#include <fstream>

#include "common/error/error.hpp"

namespace oxh::runner::cli {

void writeReadyFile(const std::string& path, const nlohmann::json& ready, const std::string& errorId) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary);
    out << ready.dump(2) << "\n";
    if (!out) {
      throw OxhException(Error(errorId, "cannot write " + temporary));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw OxhException(Error(errorId, "cannot write " + path));
  }
}

}  // namespace oxh::runner::cli
