// `topology: {mobile_facade: ...}` and `facade: {nodes: N}`: options checked at load time, with
// the position of the bad value.
#include <gtest/gtest.h>

#include "runner/scenario/loader.hpp"
#include "runner/scenario/loader_test_support.hpp"

namespace oxh::runner {
namespace {

using testing::expectOneError;
using testing::load;

std::string withTopology(const std::string& topology) { return "name: x\ntopology:\n" + topology + "steps: []\n"; }

TEST(LoaderMobileFacade, OptionsAndARealBuild) {
  auto result = load(withTopology(
      "  mobile_facade: {profile: partner.yaml, min_client_version: 2.1.0-beta+77, server_version: 7.10.6-rev5, "
      "tls: true}\n  facade: {nodes: 3}\n"));
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& mobile = result.scenarios[0].topology.at("mobile_facade");
  EXPECT_TRUE(mobile.fake);
  EXPECT_EQ(mobile.options.at("min_client_version"), "2.1.0-beta+77");
  EXPECT_EQ(result.scenarios[0].topology.at("facade").options.at("nodes"), "3");
  result = load(withTopology("  mobile_facade: {https: \"10.0.0.5:443\"}\n"));
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  EXPECT_FALSE(result.scenarios[0].topology.at("mobile_facade").fake);
}

TEST(LoaderMobileFacade, BadOptionsNameTheirPosition) {
  expectOneError(load(withTopology("  mobile_facade: {min_client_version: one}\n")), "oxh.scenario.bad-option", 3, 39,
                 "mobile_facade.min_client_version must be a semantic version like 1.2.0, got 'one'");
  expectOneError(load(withTopology("  mobile_facade: {server_version: 7.8.4-rev21}\n")), "oxh.scenario.bad-option", 3,
                 35, "mobile_facade.server_version must be like 7.8.4-rev22 and at least 7.8.4-rev22, got '7.8.4-rev21'");
  expectOneError(load(withTopology("  mobile_facade: {server_version: \"7.8\"}\n")), "oxh.scenario.bad-option", 3, 35);
  expectOneError(load(withTopology("  mobile_facade: {tls: maybe}\n")), "oxh.scenario.bad-option", 3, 24);
  expectOneError(load(withTopology("  mobile_facade: {min_client: 1.0.0}\n")), "oxh.scenario.unknown-key", 3, 19,
                 "unknown key 'min_client' for component 'mobile_facade'");
  expectOneError(load(withTopology("  facade: {nodes: 0}\n")), "oxh.scenario.bad-option", 3, 19,
                 "facade.nodes must be a number of middleware nodes from 1 to 32, got '0'");
}

}  // namespace
}  // namespace oxh::runner
