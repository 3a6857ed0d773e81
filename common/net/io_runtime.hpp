#pragma once
// An io_context with its own threads, for one fake or one scenario. Destruction stops the
// context and joins the threads, so every handler has finished when the destructor returns.
// Thread: start()/stop() from the owning thread; context() is shared with io objects.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>
#include <vector>

namespace oxh::net {

class IoRuntime {
 public:
  explicit IoRuntime(unsigned threads = 1);
  ~IoRuntime();
  IoRuntime(const IoRuntime&) = delete;
  IoRuntime& operator=(const IoRuntime&) = delete;

  boost::asio::io_context& context() { return context_; }
  void stop();

 private:
  boost::asio::io_context context_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
};

}  // namespace oxh::net
