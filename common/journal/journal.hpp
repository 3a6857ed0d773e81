#pragma once
// The journal: every interaction of every component is an Entry, in order. Expectations
// wait on it (waitFor / never / waitForCount); nothing in oxharness waits with a sleep.
//
// Thread: all members are safe to call from any thread (fakes append from their io
// threads, the runner waits from its own). Waiters are woken on every append.
// Consumption: an expectation that matched an entry consumes it, so two identical
// expectations in a row need two entries, and whatever is left unconsumed at the end
// of a scenario can be reported as unexpected.
// Deferred data: an appender may leave Entry::data null and set Entry::deferred instead (a
// shared, immutable source, e.g. the fake APNs's push record); the journal renders data from it
// once, in place, before any matcher, listener or caller sees the entry, so readers always find
// Entry::data filled. Writers that never read pay nothing for the JSON form. A deferred source
// may also supply the summary line (DeferredData::summary); it is filled in the same way when the
// appender left Entry::summary empty.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace oxh::journal {

using Clock = std::chrono::steady_clock;

// The source of an entry's data rendered on first read (see "Deferred data" above).
// Thread: render() is called under the journal's lock, from any thread; it must only read
// immutable state.
class DeferredData {
 public:
  virtual ~DeferredData() = default;
  [[nodiscard]] virtual nlohmann::json render() const = 0;
  // The entry's summary line when the appender left Entry::summary empty; none by default.
  [[nodiscard]] virtual std::string summary() const { return {}; }
};

struct Entry {
  std::uint64_t seq = 0;      // 1-based, assigned by append()
  Clock::time_point at{};     // assigned by append()
  std::string component;      // who journaled it: "notify", "runner.imap", "runner.lmtp", ...
  std::string kind;           // what it is: "http.exchange", "imap.line", "connection.open", "finding", ...
  std::string connection;     // connection id or name, empty when not tied to one
  std::string scenario;       // assigned by append() from the journal's scenario id
  std::string summary;        // one human-readable line for transcripts
  nlohmann::json data;        // the full detail, kind-specific
  bool consumed = false;
  // Optional: when set and data is null, data is rendered from it on first read (then reset).
  std::shared_ptr<const DeferredData> deferred;
};

using Matcher = std::function<bool(const Entry&)>;

struct WaitOptions {
  bool consume = true;           // mark the match consumed
  std::uint64_t after = 0;       // only entries with seq > after
  bool includeConsumed = false;  // match entries already consumed too
};

class Journal {
 public:
  explicit Journal(std::string scenario = {});

  std::uint64_t append(Entry entry);

  // First unconsumed match already present or appearing within `within`; nullopt on timeout.
  std::optional<Entry> waitFor(const Matcher& matcher, Clock::duration within, WaitOptions options = {});
  // The first match present or appearing during `during`; nullopt (success) when none did.
  std::optional<Entry> never(const Matcher& matcher, Clock::duration during, WaitOptions options = {});
  // Waits until at least `atLeast` unconsumed matches exist or `within` passed; returns the count
  // of matches present when it returned.
  std::size_t waitForCount(const Matcher& matcher, std::size_t atLeast, Clock::duration within,
                           WaitOptions options = {});
  [[nodiscard]] std::size_t count(const Matcher& matcher, WaitOptions options = {}) const;
  void consume(std::uint64_t seq);
  void consumeAll(const Matcher& matcher, WaitOptions options = {});

  [[nodiscard]] std::vector<Entry> snapshot(std::uint64_t after = 0) const;
  [[nodiscard]] std::vector<Entry> unconsumed(const Matcher& matcher) const;
  // Long poll for the control plane: entries after `after`, waiting up to `timeout` for one.
  std::vector<Entry> waitAfter(std::uint64_t after, Clock::duration timeout);
  [[nodiscard]] std::uint64_t lastSeq() const;
  void clear();

  // Called after every append, outside the lock, on the appending thread. Set it before
  // any component starts appending (the runner streams transcripts with it).
  void setListener(std::function<void(const Entry&)> listener);

  [[nodiscard]] Clock::time_point origin() const { return origin_; }
  [[nodiscard]] const std::string& scenario() const { return scenario_; }
  // JSON form used by reports and the control plane; time as milliseconds since origin.
  // Renders deferred data the entry still carries (entries the journal hands out never do).
  [[nodiscard]] nlohmann::json toJson(const Entry& entry) const;
  // One transcript line: "+12.345ms notify c3 http.exchange PUT /... -> 200".
  [[nodiscard]] std::string transcriptLine(const Entry& entry) const;
  [[nodiscard]] std::string transcript() const;

 private:
  [[nodiscard]] bool eligible(const Entry& entry, const WaitOptions& options) const;
  // Renders deferred data in place (caller holds mutex_); returns the entry.
  Entry& rendered(Entry& entry) const;

  std::string scenario_;
  Clock::time_point origin_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  // mutable: deferred data is rendered in place on first read, under mutex_. A deque: append
  // never moves the entries already kept, so the lock is held for one construction only.
  mutable std::deque<Entry> entries_;
  std::uint64_t nextSeq_ = 1;
  std::function<void(const Entry&)> listener_;
};

}  // namespace oxh::journal
