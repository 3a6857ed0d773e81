#include "runner/faults/fault_spec.hpp"

#include <gtest/gtest.h>

namespace oxh::faults {
namespace {

TEST(FaultSpec, ParsesLatencyWithJitterAndDirection) {
  const auto parsed = parseFaultSpec({{"fault", "latency"}, {"latency", "200ms"}, {"jitter", "50ms"}, {"direction", "s2c"}});
  ASSERT_TRUE(parsed.spec) << parsed.error;
  EXPECT_EQ(parsed.spec->kind, FaultKind::kLatency);
  EXPECT_EQ(parsed.spec->latency, Millis(200));
  EXPECT_EQ(parsed.spec->jitter, Millis(50));
  EXPECT_EQ(parsed.spec->direction, Direction::kServerToClient);
  EXPECT_EQ(describe(*parsed.spec), "latency 200ms+-50ms server_to_client");
}

TEST(FaultSpec, UnknownFaultSuggestsTheClosest) {
  const auto parsed = parseFaultSpec({{"fault", "latncy"}});
  EXPECT_FALSE(parsed.spec);
  EXPECT_EQ(parsed.error, "unknown fault 'latncy' (did you mean 'latency'?)");
}

TEST(FaultSpec, ParameterOfAnotherFaultIsRejected) {
  const auto parsed = parseFaultSpec({{"fault", "reset"}, {"rate", "10"}});
  EXPECT_FALSE(parsed.spec);
  EXPECT_NE(parsed.error.find("parameter 'rate' does not apply to fault 'reset'"), std::string::npos) << parsed.error;
}

TEST(FaultSpec, BadValuesNameTheParameter) {
  EXPECT_EQ(parseFaultSpec({{"fault", "data_limit"}, {"after_bytes", "-3"}}).error,
            "fault parameter 'after_bytes' must be a non-negative integer, got '-3'");
  EXPECT_EQ(parseFaultSpec({{"fault", "slow_close"}, {"delay", "soon"}}).error,
            "fault parameter 'delay' must be a duration like 250ms or 2s, got 'soon'");
  EXPECT_NE(parseFaultSpec({{"fault", "blackhole"}, {"direction", "up"}}).error.find("must be both, client_to_server"),
            std::string::npos);
  EXPECT_EQ(parseFaultSpec({{"fault", "bandwidth"}}).error, "fault 'bandwidth' needs 'rate' (bytes per second, > 0)");
  EXPECT_EQ(parseFaultSpec({{"fault", "slice"}, {"chunk_min", "5"}, {"chunk_max", "2"}}).error,
            "fault 'slice' needs 1 <= chunk_min <= chunk_max");
  EXPECT_NE(parseFaultSpec({{"fault", "refuse"}, {"once", "true"}}).error.find("'refuse' closes the listener"),
            std::string::npos);
  EXPECT_EQ(parseFaultSpec({}).error.rfind("a fault needs 'fault'", 0), 0U);
}

TEST(FaultSpec, OnceAndDuration) {
  const auto parsed = parseFaultSpec({{"fault", "reset"}, {"once", "true"}, {"duration", "2s"}, {"after_bytes", "10"}});
  ASSERT_TRUE(parsed.spec) << parsed.error;
  EXPECT_TRUE(parsed.spec->once);
  EXPECT_EQ(parsed.spec->duration, Millis(2000));
  EXPECT_EQ(parsed.spec->afterBytes, 10U);
}

TEST(FaultSpec, EveryKindHasAName) {
  for (const auto& name : faultKindNames()) {
    const auto kind = parseFaultKind(name);
    ASSERT_TRUE(kind) << name;
    EXPECT_EQ(faultKindName(*kind), name);
  }
  EXPECT_EQ(faultKindNames().size(), 18U);  // 8 TCP, 3 TLS, 4 HTTP/1, 3 HTTP/2
}

}  // namespace
}  // namespace oxh::faults
