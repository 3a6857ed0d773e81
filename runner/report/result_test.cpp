#include "runner/report/result.hpp"

#include <gtest/gtest.h>

#include <string>

#include "runner/report/report_test_support.hpp"

namespace oxh::runner {
namespace {

TEST(Status, ToStringNamesEachStatus) {
  EXPECT_STREQ(toString(Status::Passed), "passed");
  EXPECT_STREQ(toString(Status::Failed), "failed");
  EXPECT_STREQ(toString(Status::Skipped), "skipped");
  EXPECT_STREQ(toString(Status::Error), "error");
}

TEST(RunResult, CountsScenariosByStatus) {
  RunResult run = testing::sampleRun();
  run.scenarios.push_back(run.scenarios.front());  // a second pass
  EXPECT_EQ(run.count(Status::Passed), 2u);
  EXPECT_EQ(run.count(Status::Failed), 1u);
  EXPECT_EQ(run.count(Status::Error), 1u);
  EXPECT_EQ(run.count(Status::Skipped), 1u);
  EXPECT_EQ(RunResult{}.count(Status::Passed), 0u);
}

}  // namespace
}  // namespace oxh::runner
