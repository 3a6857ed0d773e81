#include "runner/faults/fault_schedule.hpp"

#include <algorithm>

namespace oxh::faults {

namespace {

std::uint64_t splitMix(std::uint64_t value) {
  value += 0x9e3779b97f4a7c15ULL;
  value = (value ^ (value >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27U)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31U);
}

bool expired(const ArmedFault& fault, Clock::time_point now) {
  return fault.spec.duration && now >= fault.armedAt + *fault.spec.duration;
}

bool appliesToConnection(const ArmedFault& fault, std::uint64_t connection) {
  return !fault.spec.once || fault.connection == connection;
}

std::string joinSizes(const std::vector<Piece>& pieces) {
  std::string text;
  for (const auto& piece : pieces) {
    text += (text.empty() ? "" : ",") + std::to_string(piece.size);
  }
  return text;
}

}  // namespace

std::uint64_t FaultBoard::arm(const FaultSpec& spec, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  ArmedFault fault;
  fault.id = nextId_++;
  fault.spec = spec;
  fault.armedAt = now;
  faults_.push_back(fault);
  return fault.id;
}

std::size_t FaultBoard::clear() {
  std::lock_guard lock(mutex_);
  const auto count = faults_.size();
  faults_.clear();
  return count;
}

void FaultBoard::dropExpired(Clock::time_point now) {
  std::erase_if(faults_, [&](const ArmedFault& fault) { return expired(fault, now); });
}

std::vector<ArmedFault> FaultBoard::onAccept(std::uint64_t connection, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  dropExpired(now);
  std::vector<ArmedFault> out;
  for (auto& fault : faults_) {
    if (fault.spec.once && !fault.connection) {
      fault.connection = connection;
    }
    if (appliesToConnection(fault, connection)) {
      out.push_back(fault);
    }
  }
  return out;
}

bool FaultBoard::take(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto found = std::find_if(faults_.begin(), faults_.end(), [&](const ArmedFault& fault) { return fault.id == id; });
  if (found == faults_.end()) {
    return false;
  }
  if (found->spec.count && --*found->spec.count == 0) {
    faults_.erase(found);
  }
  return true;
}

std::vector<ArmedFault> FaultBoard::active(std::uint64_t connection, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  dropExpired(now);
  std::vector<ArmedFault> out;
  for (const auto& fault : faults_) {
    if (appliesToConnection(fault, connection)) {
      out.push_back(fault);
    }
  }
  return out;
}

bool FaultBoard::refusing(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  dropExpired(now);
  return std::any_of(faults_.begin(), faults_.end(),
                     [](const ArmedFault& fault) { return fault.spec.kind == FaultKind::kRefuse; });
}

std::vector<ArmedFault> FaultBoard::armed() const {
  std::lock_guard lock(mutex_);
  return faults_;
}

DirectionSchedule::DirectionSchedule(std::uint64_t seed, std::uint64_t connection, Direction flow)
    : random_(splitMix(seed ^ splitMix(connection * 2 + (flow == Direction::kServerToClient ? 1 : 0)))), flow_(flow) {}

std::uint64_t& DirectionSchedule::countedFor(std::uint64_t id) {
  for (auto& [fault, bytes] : counted_) {
    if (fault == id) {
      return bytes;
    }
  }
  counted_.emplace_back(id, 0);
  return counted_.back().second;
}

std::optional<Outcome> DirectionSchedule::atAccept(const std::vector<ArmedFault>& faults) {
  for (const auto& fault : faults) {
    if (!appliesTo(fault.spec.direction, flow_) || fault.spec.afterBytes != 0) {
      continue;
    }
    if (fault.spec.kind == FaultKind::kReset) {
      return Outcome::kReset;
    }
    if (fault.spec.kind == FaultKind::kDataLimit) {
      return Outcome::kClose;
    }
  }
  return std::nullopt;
}

ChunkPlan DirectionSchedule::plan(const std::vector<ArmedFault>& faults, std::size_t bytes) {
  ChunkPlan plan;
  std::vector<const ArmedFault*> mine;
  for (const auto& fault : faults) {
    if (fault.spec.kind != FaultKind::kRefuse && appliesTo(fault.spec.direction, flow_)) {
      mine.push_back(&fault);
    }
  }
  for (const auto* fault : mine) {
    if (fault->spec.kind == FaultKind::kBlackhole) {
      plan.outcome = Outcome::kSwallow;
      plan.applied.push_back({fault->id, "blackhole", "swallowed " + std::to_string(bytes) + "B"});
      return plan;
    }
  }
  // Limits first: they decide how much of the chunk goes through at all.
  std::size_t forward = bytes;
  const ArmedFault* cutBy = nullptr;
  for (const auto* fault : mine) {
    if (fault->spec.kind != FaultKind::kReset && fault->spec.kind != FaultKind::kDataLimit) {
      continue;
    }
    const auto counted = countedFor(fault->id);
    const auto left = fault->spec.afterBytes > counted ? fault->spec.afterBytes - counted : 0;
    if (left <= forward) {
      forward = static_cast<std::size_t>(left);
      cutBy = fault;
    }
  }
  for (const auto* fault : mine) {
    if (fault->spec.kind == FaultKind::kReset || fault->spec.kind == FaultKind::kDataLimit) {
      countedFor(fault->id) += forward;
    }
  }
  // Slicing: the forwarded bytes as several writes.
  std::vector<Piece> pieces;
  const ArmedFault* slicer = nullptr;
  for (const auto* fault : mine) {
    if (fault->spec.kind == FaultKind::kSlice) {
      slicer = fault;
    }
  }
  if (slicer != nullptr) {
    std::uniform_int_distribution<std::size_t> size(slicer->spec.chunkMin, slicer->spec.chunkMax);
    for (std::size_t left = forward; left > 0;) {
      const auto piece = std::min(left, size(random_));
      pieces.push_back({piece, pieces.empty() ? Micros{0} : Micros(slicer->spec.gap)});
      left -= piece;
    }
    plan.applied.push_back({slicer->id, "slice", "pieces " + joinSizes(pieces)});
  } else if (forward > 0) {
    pieces.push_back({forward, Micros{0}});
  }
  // Bandwidth: pieces of at most 1/50 s worth, each paced by its size.
  for (const auto* fault : mine) {
    if (fault->spec.kind != FaultKind::kBandwidth) {
      continue;
    }
    const std::size_t most = std::max<std::size_t>(1, static_cast<std::size_t>(fault->spec.rate / 50));
    std::vector<Piece> paced;
    for (const auto& piece : pieces) {
      for (std::size_t done = 0; done < piece.size;) {
        const auto size = std::min(most, piece.size - done);
        bandwidthCarryMicros_ += static_cast<double>(size) * 1e6 / static_cast<double>(fault->spec.rate);
        const auto wait = static_cast<std::int64_t>(bandwidthCarryMicros_);
        bandwidthCarryMicros_ -= static_cast<double>(wait);
        paced.push_back({size, (done == 0 ? piece.delayBefore : Micros{0}) + Micros(wait)});
        done += size;
      }
    }
    pieces = std::move(paced);
    plan.applied.push_back({fault->id, "bandwidth", std::to_string(forward) + "B in " + std::to_string(pieces.size()) + " pieces"});
    break;
  }
  // Latency: the first piece waits latency ± jitter.
  Micros latency{0};
  for (const auto* fault : mine) {
    if (fault->spec.kind != FaultKind::kLatency) {
      continue;
    }
    auto delay = std::chrono::duration_cast<Micros>(fault->spec.latency);
    if (fault->spec.jitter.count() > 0) {
      const auto jitter = std::chrono::duration_cast<Micros>(fault->spec.jitter).count();
      std::uniform_int_distribution<std::int64_t> offset(-jitter, jitter);
      delay += Micros(offset(random_));
    }
    delay = std::max(delay, Micros{0});
    latency += delay;
    plan.applied.push_back({fault->id, "latency", "delay " + std::to_string(delay.count() / 1000) + "ms"});
  }
  if (!pieces.empty()) {
    pieces.front().delayBefore += latency;
  }
  plan.pieces = std::move(pieces);
  if (cutBy != nullptr) {
    const bool reset = cutBy->spec.kind == FaultKind::kReset;
    plan.outcome = reset ? Outcome::kReset : Outcome::kClose;
    plan.applied.push_back({cutBy->id, std::string(faultKindName(cutBy->spec.kind)),
                            std::string(reset ? "reset" : "closed") + " after " + std::to_string(cutBy->spec.afterBytes) + "B"});
  }
  return plan;
}

std::optional<Micros> DirectionSchedule::closeDelay(const std::vector<ArmedFault>& faults) const {
  for (const auto& fault : faults) {
    if (fault.spec.kind == FaultKind::kSlowClose && appliesTo(fault.spec.direction, flow_)) {
      return std::chrono::duration_cast<Micros>(fault.spec.delay);
    }
  }
  return std::nullopt;
}

}  // namespace oxh::faults
