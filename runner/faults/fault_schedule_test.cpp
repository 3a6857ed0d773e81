#include "runner/faults/fault_schedule.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace oxh::faults {
namespace {

FaultSpec spec(const std::map<std::string, std::string>& params) {
  auto parsed = parseFaultSpec(params);
  EXPECT_TRUE(parsed.spec) << parsed.error;
  return parsed.spec.value_or(FaultSpec{});
}

std::vector<ArmedFault> armed(std::initializer_list<FaultSpec> specs) {
  std::vector<ArmedFault> out;
  std::uint64_t id = 1;
  for (const auto& s : specs) {
    out.push_back({id++, s, Clock::now(), std::nullopt});
  }
  return out;
}

// The whole schedule for a fixed sequence of chunk sizes, as text.
std::string trace(std::uint64_t seed, const std::vector<ArmedFault>& faults, Direction flow = Direction::kClientToServer) {
  DirectionSchedule schedule(seed, 1, flow);
  std::string out;
  for (const std::size_t bytes : {100, 7, 4000, 1, 300}) {
    const auto plan = schedule.plan(faults, bytes);
    for (const auto& piece : plan.pieces) {
      out += std::to_string(piece.size) + "@" + std::to_string(piece.delayBefore.count()) + " ";
    }
    out += "| ";
  }
  return out;
}

TEST(FaultSchedule, SameSeedSameSchedule) {
  const auto faults = armed({spec({{"fault", "latency"}, {"latency", "100ms"}, {"jitter", "80ms"}}),
                             spec({{"fault", "slice"}, {"chunk_min", "1"}, {"chunk_max", "40"}, {"gap", "1ms"}})});
  EXPECT_EQ(trace(42, faults), trace(42, faults));
  EXPECT_NE(trace(42, faults), trace(43, faults));
  // The two directions of one connection draw from different streams.
  EXPECT_NE(trace(42, faults, Direction::kClientToServer), trace(42, faults, Direction::kServerToClient));
}

TEST(FaultSchedule, NoFaultForwardsTheChunkAsIs) {
  DirectionSchedule schedule(1, 1, Direction::kClientToServer);
  const auto plan = schedule.plan({}, 500);
  ASSERT_EQ(plan.pieces.size(), 1U);
  EXPECT_EQ(plan.pieces[0].size, 500U);
  EXPECT_EQ(plan.pieces[0].delayBefore.count(), 0);
  EXPECT_EQ(plan.outcome, Outcome::kForward);
  EXPECT_TRUE(plan.applied.empty());
}

TEST(FaultSchedule, LatencyStaysWithinJitter) {
  const auto faults = armed({spec({{"fault", "latency"}, {"latency", "100ms"}, {"jitter", "30ms"}})});
  DirectionSchedule schedule(7, 1, Direction::kClientToServer);
  bool varied = false;
  Micros first{-1};
  for (int i = 0; i < 200; ++i) {
    const auto plan = schedule.plan(faults, 10);
    ASSERT_EQ(plan.pieces.size(), 1U);
    const auto delay = plan.pieces[0].delayBefore;
    EXPECT_GE(delay, Micros(70000));
    EXPECT_LE(delay, Micros(130000));
    varied = varied || (first.count() >= 0 && delay != first);
    first = delay;
  }
  EXPECT_TRUE(varied);
}

TEST(FaultSchedule, DirectionFiltersFaults) {
  const auto faults = armed({spec({{"fault", "latency"}, {"latency", "1s"}, {"direction", "server_to_client"}})});
  DirectionSchedule up(1, 1, Direction::kClientToServer);
  DirectionSchedule down(1, 1, Direction::kServerToClient);
  EXPECT_EQ(up.plan(faults, 10).pieces[0].delayBefore.count(), 0);
  EXPECT_EQ(down.plan(faults, 10).pieces[0].delayBefore, Micros(1000000));
}

TEST(FaultSchedule, SlicesAddUpWithinBounds) {
  const auto faults = armed({spec({{"fault", "slice"}, {"chunk_min", "2"}, {"chunk_max", "5"}})});
  DirectionSchedule schedule(3, 1, Direction::kServerToClient);
  const auto plan = schedule.plan(faults, 1000);
  std::size_t total = 0;
  for (std::size_t i = 0; i < plan.pieces.size(); ++i) {
    total += plan.pieces[i].size;
    if (i + 1 < plan.pieces.size()) {
      EXPECT_GE(plan.pieces[i].size, 2U);
    }
    EXPECT_LE(plan.pieces[i].size, 5U);
  }
  EXPECT_EQ(total, 1000U);
  EXPECT_GE(plan.pieces.size(), 200U);
}

TEST(FaultSchedule, BandwidthPacesBytes) {
  const auto faults = armed({spec({{"fault", "bandwidth"}, {"rate", "1000"}})});
  DirectionSchedule schedule(1, 1, Direction::kClientToServer);
  const auto plan = schedule.plan(faults, 500);
  Micros total{0};
  std::size_t bytes = 0;
  for (const auto& piece : plan.pieces) {
    total += piece.delayBefore;
    bytes += piece.size;
    EXPECT_LE(piece.size, 20U);
  }
  EXPECT_EQ(bytes, 500U);
  EXPECT_EQ(total, Micros(500000));  // 500 bytes at 1000 B/s
}

TEST(FaultSchedule, DataLimitCutsTheChunkThatCrossesIt) {
  const auto faults = armed({spec({{"fault", "data_limit"}, {"after_bytes", "150"}})});
  DirectionSchedule schedule(1, 1, Direction::kClientToServer);
  auto plan = schedule.plan(faults, 100);
  EXPECT_EQ(plan.outcome, Outcome::kForward);
  plan = schedule.plan(faults, 100);
  EXPECT_EQ(plan.outcome, Outcome::kClose);
  ASSERT_EQ(plan.pieces.size(), 1U);
  EXPECT_EQ(plan.pieces[0].size, 50U);
}

TEST(FaultSchedule, ResetAtAcceptOrAfterBytes) {
  DirectionSchedule schedule(1, 1, Direction::kClientToServer);
  EXPECT_EQ(schedule.atAccept(armed({spec({{"fault", "reset"}})})), Outcome::kReset);
  EXPECT_EQ(schedule.atAccept(armed({spec({{"fault", "reset"}, {"after_bytes", "1"}})})), std::nullopt);
  const auto after = armed({spec({{"fault", "reset"}, {"after_bytes", "10"}})});
  const auto plan = schedule.plan(after, 30);
  EXPECT_EQ(plan.outcome, Outcome::kReset);
  EXPECT_EQ(plan.pieces.at(0).size, 10U);
}

TEST(FaultSchedule, BlackholeSwallows) {
  DirectionSchedule schedule(1, 1, Direction::kServerToClient);
  const auto plan = schedule.plan(armed({spec({{"fault", "blackhole"}})}), 30);
  EXPECT_EQ(plan.outcome, Outcome::kSwallow);
  EXPECT_TRUE(plan.pieces.empty());
}

TEST(FaultSchedule, SlowCloseDelaysTheFin) {
  DirectionSchedule schedule(1, 1, Direction::kServerToClient);
  EXPECT_EQ(schedule.closeDelay({}), std::nullopt);
  EXPECT_EQ(schedule.closeDelay(armed({spec({{"fault", "slow_close"}, {"delay", "300ms"}})})), Micros(300000));
}

TEST(FaultBoard, OnceBindsToTheNextConnection) {
  FaultBoard board(1);
  const auto now = Clock::now();
  board.arm(spec({{"fault", "reset"}, {"once", "true"}}), now);
  board.arm(spec({{"fault", "latency"}, {"latency", "5ms"}}), now);
  EXPECT_EQ(board.onAccept(1, now).size(), 2U);
  EXPECT_EQ(board.onAccept(2, now).size(), 1U);
  EXPECT_EQ(board.active(1, now).size(), 2U);
  EXPECT_EQ(board.clear(), 2U);
  EXPECT_TRUE(board.active(1, now).empty());
}

TEST(FaultBoard, DurationExpires) {
  FaultBoard board(1);
  const auto now = Clock::now();
  board.arm(spec({{"fault", "refuse"}, {"duration", "100ms"}}), now);
  EXPECT_TRUE(board.refusing(now + std::chrono::milliseconds(99)));
  EXPECT_FALSE(board.refusing(now + std::chrono::milliseconds(100)));
  EXPECT_TRUE(board.armed().empty());
}

}  // namespace
}  // namespace oxh::faults
