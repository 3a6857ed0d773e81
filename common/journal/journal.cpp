#include "common/journal/journal.hpp"

#include <cstdio>
#include <utility>

namespace oxh::journal {

Journal::Journal(std::string scenario) : scenario_(std::move(scenario)), origin_(Clock::now()) {}

void Journal::setListener(std::function<void(const Entry&)> listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

std::uint64_t Journal::append(Entry entry) {
  std::uint64_t seq = 0;
  std::function<void(const Entry&)> listener;
  Entry copy;
  {
    std::lock_guard lock(mutex_);
    seq = nextSeq_++;
    entry.seq = seq;
    entry.at = Clock::now();
    if (entry.scenario.empty()) {
      entry.scenario = scenario_;
    }
    entries_.push_back(std::move(entry));
    if (listener_) {
      listener = listener_;
      copy = rendered(entries_.back());
    }
  }
  changed_.notify_all();
  if (listener) {
    listener(copy);
  }
  return seq;
}

bool Journal::eligible(const Entry& entry, const WaitOptions& options) const {
  return entry.seq > options.after && (options.includeConsumed || !entry.consumed);
}

Entry& Journal::rendered(Entry& entry) const {
  if (entry.deferred) {
    if (entry.data.is_null()) {
      entry.data = entry.deferred->render();
    }
    if (entry.summary.empty()) {
      entry.summary = entry.deferred->summary();
    }
    entry.deferred.reset();
  }
  return entry;
}

std::optional<Entry> Journal::waitFor(const Matcher& matcher, Clock::duration within, WaitOptions options) {
  const auto deadline = Clock::now() + within;
  std::unique_lock lock(mutex_);
  std::size_t scanned = 0;  // entries before this index were already checked
  for (;;) {
    for (; scanned < entries_.size(); ++scanned) {
      Entry& entry = entries_[scanned];
      if (eligible(entry, options) && matcher(rendered(entry))) {
        if (options.consume) {
          entry.consumed = true;
        }
        return entry;
      }
    }
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && scanned == entries_.size()) {
      return std::nullopt;
    }
  }
}

std::optional<Entry> Journal::never(const Matcher& matcher, Clock::duration during, WaitOptions options) {
  options.consume = true;  // a match that breaks a "never" is accounted for by that failure
  return waitFor(matcher, during, options);
}

std::size_t Journal::waitForCount(const Matcher& matcher, std::size_t atLeast, Clock::duration within,
                                  WaitOptions options) {
  const auto deadline = Clock::now() + within;
  std::unique_lock lock(mutex_);
  std::size_t found = 0;
  std::size_t scanned = 0;
  for (;;) {
    for (; scanned < entries_.size(); ++scanned) {
      if (eligible(entries_[scanned], options) && matcher(rendered(entries_[scanned]))) {
        ++found;
      }
    }
    if (found >= atLeast) {
      return found;
    }
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && scanned == entries_.size()) {
      return found;
    }
  }
}

std::size_t Journal::count(const Matcher& matcher, WaitOptions options) const {
  std::lock_guard lock(mutex_);
  std::size_t found = 0;
  for (auto& entry : entries_) {
    if (eligible(entry, options) && matcher(rendered(entry))) {
      ++found;
    }
  }
  return found;
}

void Journal::consume(std::uint64_t seq) {
  std::lock_guard lock(mutex_);
  if (seq >= 1 && seq <= entries_.size()) {
    entries_[seq - 1].consumed = true;
  }
}

void Journal::consumeAll(const Matcher& matcher, WaitOptions options) {
  std::lock_guard lock(mutex_);
  for (auto& entry : entries_) {
    if (eligible(entry, options) && matcher(rendered(entry))) {
      entry.consumed = true;
    }
  }
}

std::vector<Entry> Journal::snapshot(std::uint64_t after) const {
  std::lock_guard lock(mutex_);
  std::vector<Entry> out;
  for (auto& entry : entries_) {
    if (entry.seq > after) {
      out.push_back(rendered(entry));
    }
  }
  return out;
}

std::vector<Entry> Journal::unconsumed(const Matcher& matcher) const {
  std::lock_guard lock(mutex_);
  std::vector<Entry> out;
  for (auto& entry : entries_) {
    if (!entry.consumed && matcher(rendered(entry))) {
      out.push_back(entry);
    }
  }
  return out;
}

std::vector<Entry> Journal::waitAfter(std::uint64_t after, Clock::duration timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return nextSeq_ - 1 > after; });
  std::vector<Entry> out;
  for (auto& entry : entries_) {
    if (entry.seq > after) {
      out.push_back(rendered(entry));
    }
  }
  return out;
}

std::uint64_t Journal::lastSeq() const {
  std::lock_guard lock(mutex_);
  return nextSeq_ - 1;
}

void Journal::clear() {
  {
    std::lock_guard lock(mutex_);
    entries_.clear();
    nextSeq_ = 1;
    origin_ = Clock::now();
  }
  changed_.notify_all();
}

static double millisSince(Clock::time_point origin, Clock::time_point at) {
  return std::chrono::duration<double, std::milli>(at - origin).count();
}

nlohmann::json Journal::toJson(const Entry& entry) const {
  return nlohmann::json{
      {"seq", entry.seq},
      {"ms", millisSince(origin_, entry.at)},
      {"component", entry.component},
      {"kind", entry.kind},
      {"connection", entry.connection},
      {"scenario", entry.scenario},
      {"summary", entry.summary.empty() && entry.deferred ? entry.deferred->summary() : entry.summary},
      {"consumed", entry.consumed},
      {"data", entry.deferred && entry.data.is_null() ? entry.deferred->render() : entry.data}};
}

std::string Journal::transcriptLine(const Entry& entry) const {
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "+%.3fms", millisSince(origin_, entry.at));
  std::string line = std::string(stamp) + " " + entry.component;
  if (!entry.connection.empty()) {
    line += " " + entry.connection;
  }
  return line + " " + entry.kind + " " +
         (entry.summary.empty() && entry.deferred ? entry.deferred->summary() : entry.summary);
}

std::string Journal::transcript() const {
  std::string out;
  for (const auto& entry : snapshot()) {
    out += transcriptLine(entry);
    out += '\n';
  }
  return out;
}

}  // namespace oxh::journal
