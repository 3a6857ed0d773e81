#pragma once
// One worker thread running tasks at or after their due time, in due order (ties in submit
// order). The PNS does its blocking work here (IMAP registration, badge lookups, APNs/FCM
// sends), never on the HTTP server's io_context. Waiting for a due time is the worker's own
// condition-variable wait, not a test sleep.
// Thread: post()/postAt() from any thread; stop() joins (pending tasks are dropped).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace oxh::facade::pns {

class WorkQueue {
 public:
  using Clock = std::chrono::steady_clock;
  WorkQueue();
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void post(std::function<void()> task) { postAt(Clock::now(), std::move(task)); }
  void postAt(Clock::time_point due, std::function<void()> task);
  void stop();

 private:
  void run();
  std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<std::pair<Clock::time_point, std::uint64_t>, std::function<void()>> tasks_;
  std::uint64_t sequence_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace oxh::facade::pns
