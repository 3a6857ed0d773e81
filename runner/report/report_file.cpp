#include "runner/report/report_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <system_error>

#include "common/error/error.hpp"

namespace oxh::runner {
namespace {

constexpr int kMaxTempAttempts = 100;

[[noreturn]] void fail(const std::string& path, int error) {
  throw OxhException(Error("oxh.report.write",
                           "cannot write report '" + path + "': " + std::generic_category().message(error)));
}

// A name nobody else uses: pid separates processes, the counter separates threads and calls.
std::string tempName(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
}

bool writeAll(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

}  // namespace

void writeReportFile(const std::string& path, std::string_view content) {
  std::string temp;
  int fd = -1;
  for (int attempt = 0; attempt < kMaxTempAttempts && fd < 0; ++attempt) {
    temp = tempName(path);
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno != EEXIST) {
      fail(path, errno);
    }
  }
  if (fd < 0) {
    fail(path, EEXIST);
  }
  // fsync before rename: otherwise a crash can leave the new name pointing at an empty file.
  if (!writeAll(fd, content) || ::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    fail(path, error);
  }
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, error);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, error);
  }
}

}  // namespace oxh::runner
