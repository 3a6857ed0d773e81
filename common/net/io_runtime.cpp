#include "common/net/io_runtime.hpp"

namespace oxh::net {

IoRuntime::IoRuntime(unsigned threads) : work_(boost::asio::make_work_guard(context_)) {
  for (unsigned i = 0; i < (threads == 0 ? 1 : threads); ++i) {
    threads_.emplace_back([this] { context_.run(); });
  }
}

IoRuntime::~IoRuntime() { stop(); }

void IoRuntime::stop() {
  work_.reset();
  context_.stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) {
      thread.join();
    }
  }
  threads_.clear();
}

}  // namespace oxh::net
