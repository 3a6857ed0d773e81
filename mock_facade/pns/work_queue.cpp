#include "mock_facade/pns/work_queue.hpp"

namespace oxh::facade::pns {

WorkQueue::WorkQueue() : thread_([this] { run(); }) {}

WorkQueue::~WorkQueue() {
  stop();
}

void WorkQueue::postAt(Clock::time_point due, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return;
    }
    tasks_.emplace(std::make_pair(due, sequence_++), std::move(task));
  }
  changed_.notify_all();
}

void WorkQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
    thread_.join();
  }
}

void WorkQueue::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (tasks_.empty()) {
      changed_.wait(lock);
      continue;
    }
    const auto due = tasks_.begin()->first.first;
    if (Clock::now() < due) {
      changed_.wait_until(lock, due);
      continue;
    }
    auto task = std::move(tasks_.begin()->second);
    tasks_.erase(tasks_.begin());
    lock.unlock();
    try {
      task();
    } catch (...) {
      // Tasks journal their own failures; one bad task must not end the worker.
    }
    lock.lock();
  }
}

}  // namespace oxh::facade::pns
