// An endpoint left empty by a variable is not given, so one scenario file runs against the
// embedded fake by default and against a real build with `--var backend_imap=host:port`.
#include <gtest/gtest.h>

#include "runner/scenario/loader.hpp"
#include "runner/scenario/loader_test_support.hpp"

namespace oxh::runner {
namespace {

const char* kScenario =
    "name: x\n"
    "vars: {backend_imap: \"\"}\n"
    "topology:\n"
    "  dovecot: {imap: \"${backend_imap}\"}\n"
    "steps: []\n";

TEST(LoaderEmptyEndpoint, AnEmptyEndpointLeavesTheFake) {
  const auto result = testing::load(kScenario);
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& dovecot = result.scenarios[0].topology.at("dovecot");
  EXPECT_TRUE(dovecot.fake);
  EXPECT_TRUE(dovecot.endpoints.empty());
}

TEST(LoaderEmptyEndpoint, AVariableMakesItReal) {
  LoadOptions options;
  options.cliVars["backend_imap"] = "127.0.0.1:10143";
  const auto result = testing::load(kScenario, options);
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& dovecot = result.scenarios[0].topology.at("dovecot");
  EXPECT_FALSE(dovecot.fake);
  EXPECT_EQ(dovecot.endpoints.at("imap"), "127.0.0.1:10143");
}

}  // namespace
}  // namespace oxh::runner
