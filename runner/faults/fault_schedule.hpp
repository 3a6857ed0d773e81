#pragma once
// The socket-free heart of the fault proxy: which faults are armed (FaultBoard) and, for one
// direction of one connection, how a chunk of bytes read from one side is forwarded to the
// other (DirectionSchedule::plan): in which pieces, after which pauses, and whether the
// connection then continues, swallows, is reset or is closed.
//
// Determinism: every random choice (jitter, slice sizes) comes from a generator seeded from
// the board's seed, the connection's number and the direction, so the same seed and the same
// sequence of chunks give the same schedule, whatever the threads do (`--seed` reproduces it).
// Thread: FaultBoard is thread-safe; a DirectionSchedule belongs to one connection's strand.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "runner/faults/fault_spec.hpp"

namespace oxh::faults {

using Clock = std::chrono::steady_clock;
using Micros = std::chrono::microseconds;

struct ArmedFault {
  std::uint64_t id = 0;
  FaultSpec spec;
  Clock::time_point armedAt{};
  std::optional<std::uint64_t> connection;  // a `once` fault, bound to the first connection accepted after arming
};

class FaultBoard {
 public:
  explicit FaultBoard(std::uint64_t seed) : seed_(seed) {}

  // Returns the fault's id (1, 2, ...).
  std::uint64_t arm(const FaultSpec& spec, Clock::time_point now);
  // Removes every fault; returns how many were armed.
  std::size_t clear();
  // At accept: binds unbound `once` faults to `connection`, then returns what applies to it.
  std::vector<ArmedFault> onAccept(std::uint64_t connection, Clock::time_point now);
  // What applies to `connection` now: unexpired faults, unbound-or-bound-to-it. Expired ones are dropped.
  std::vector<ArmedFault> active(std::uint64_t connection, Clock::time_point now);
  // A TLS/HTTP fault is about to act: false when it is gone (cleared, or its `count` spent);
  // a counted fault's last use removes it.
  bool take(std::uint64_t id);
  // True while an unexpired `refuse` fault is armed.
  bool refusing(Clock::time_point now);
  [[nodiscard]] std::vector<ArmedFault> armed() const;
  [[nodiscard]] std::uint64_t seed() const { return seed_; }

 private:
  void dropExpired(Clock::time_point now);

  const std::uint64_t seed_;
  mutable std::mutex mutex_;
  std::vector<ArmedFault> faults_;
  std::uint64_t nextId_ = 1;
};

// One write toward the destination, after waiting `delayBefore`.
struct Piece {
  std::size_t size = 0;
  Micros delayBefore{0};
};

enum class Outcome {
  kForward,  // pieces forwarded; keep reading
  kSwallow,  // nothing forwarded (blackhole); keep reading
  kReset,    // forward the pieces, then RST both sides
  kClose,    // forward the pieces, then close both sides (FIN)
};

struct Applied {  // one fault that acted on a chunk, for the journal
  std::uint64_t id = 0;
  std::string fault;  // "latency", ...
  std::string detail;  // "delay 212ms", "pieces 3,1,4", ...
};

struct ChunkPlan {
  std::vector<Piece> pieces;  // their sizes add up to the bytes forwarded (<= the chunk)
  Outcome outcome = Outcome::kForward;
  std::vector<Applied> applied;
};

class DirectionSchedule {
 public:
  DirectionSchedule(std::uint64_t seed, std::uint64_t connection, Direction flow);

  // How to forward a chunk of `bytes` (> 0) read in this direction, given the faults active now.
  ChunkPlan plan(const std::vector<ArmedFault>& faults, std::size_t bytes);
  // Before `bytes` were read at all (accept time): reset/data_limit with after_bytes 0 act at once.
  std::optional<Outcome> atAccept(const std::vector<ArmedFault>& faults);
  // How long a FIN read in this direction waits before it is passed on (slow_close), if at all.
  [[nodiscard]] std::optional<Micros> closeDelay(const std::vector<ArmedFault>& faults) const;
  [[nodiscard]] Direction flow() const { return flow_; }

 private:
  std::mt19937_64 random_;
  Direction flow_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> counted_;  // fault id -> bytes let through since it applied
  double bandwidthCarryMicros_ = 0;
  std::uint64_t& countedFor(std::uint64_t id);
};

}  // namespace oxh::faults
