// Finding scenario files on disk; fragments (meant for `include:`) are not scenarios.
#include <algorithm>
#include <filesystem>
#include <set>

#include "runner/scenario/loader.hpp"

namespace oxh::runner {
namespace {

namespace fs = std::filesystem;

bool isYaml(const fs::path& path) {
  const auto extension = path.extension();
  return extension == ".yaml" || extension == ".yml";
}

bool isFragment(const fs::path& relative) {
  if (relative.filename().string().starts_with("_")) {
    return true;
  }
  for (const auto& part : relative.parent_path()) {
    if (part == "fragments") {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> discoverScenarioFiles(const std::vector<std::string>& paths, std::vector<Error>& errors) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  const auto add = [&](const std::string& file) {
    if (seen.insert(fs::path(file).lexically_normal().generic_string()).second) {
      out.push_back(file);
    }
  };
  for (const auto& path : paths) {
    std::error_code code;
    const auto status = fs::status(path, code);
    if (code || !fs::exists(status)) {
      errors.emplace_back("oxh.cli.no-such-path", "no such file or directory: '" + path + "'");
      continue;
    }
    if (!fs::is_directory(status)) {
      add(path);  // named explicitly: taken whatever its name
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, code), end;
         !code && it != end; it.increment(code)) {
      std::error_code entryCode;  // a broken link is skipped, not a reason to stop the walk
      if (it->is_regular_file(entryCode) && isYaml(it->path()) && !isFragment(it->path().lexically_relative(path))) {
        found.push_back(it->path().generic_string());
      }
    }
    if (code) {
      errors.emplace_back("oxh.cli.no-such-path", "cannot read directory '" + path + "': " + code.message());
    }
    std::sort(found.begin(), found.end());
    std::for_each(found.begin(), found.end(), add);
  }
  return out;
}

}  // namespace oxh::runner
