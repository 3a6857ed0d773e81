#include "runner/report/report_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/error/error.hpp"
#include "runner/report/report_test_support.hpp"

namespace oxh::runner {
namespace {

TEST(ReportFile, CreatesAndReplaces) {
  testing::TempDir dir;
  const std::string path = dir.file("r.txt");
  writeReportFile(path, "first");
  EXPECT_EQ(testing::readFile(path), "first");
  writeReportFile(path, std::string("second\0with nul", 15));
  EXPECT_EQ(testing::readFile(path), std::string("second\0with nul", 15));
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(ReportFile, FailedRenameLeavesNoTemporaryFile) {
  testing::TempDir dir;
  const std::string path = dir.file("taken");
  std::filesystem::create_directories(path + "/child");  // a non-empty directory cannot be replaced
  try {
    writeReportFile(path, "x");
    FAIL() << "expected OxhException";
  } catch (const OxhException& e) {
    EXPECT_EQ(e.error().id(), "oxh.report.write");
    EXPECT_THAT(e.error().message(), ::testing::HasSubstr("'" + path + "'"));
    EXPECT_THAT(e.error().message(), ::testing::HasSubstr("directory"));  // EISDIR's text
  }
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(ReportFile, UnwritableDirectoryReportsTheOsError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  testing::TempDir dir;
  const std::string locked = dir.file("locked");
  std::filesystem::create_directory(locked);
  std::filesystem::permissions(locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  EXPECT_THROW(
      {
        try {
          writeReportFile(locked + "/r.txt", "x");
        } catch (const OxhException& e) {
          EXPECT_THAT(e.error().message(), ::testing::HasSubstr("Permission denied"));
          throw;
        }
      },
      OxhException);
  std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
}

}  // namespace
}  // namespace oxh::runner
