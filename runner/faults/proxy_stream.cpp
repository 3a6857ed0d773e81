#include "runner/faults/proxy_stream.hpp"

#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>

namespace oxh::faults {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

void ProxyStream::write(std::string bytes, WriteHandler handler) {
  if (active_ != nullptr) {
    active_->queue.emplace_back(std::move(bytes), std::move(handler));
    return;
  }
  auto state = std::move(idle_);
  state->queue.emplace_back(std::move(bytes), std::move(handler));
  active_ = state.get();
  writeFront(std::move(state));
}

void ProxyStream::writeFront(std::shared_ptr<WriteState> state) {
  // The front element stays queued (its bytes must live) until its write completes.
  const auto& bytes = state->queue.front().first;
  writeAll(bytes, [this, state = std::move(state)](const boost::system::error_code& ec) {
    // `done` holds the connection (its handlers capture it), so `this` outlives this lambda.
    auto done = std::move(state->queue.front().second);
    state->queue.pop_front();
    if (ec) {
      state->queue.clear();
    }
    if (done) {
      done(ec);  // may queue more, or close the connection (the stream object still exists)
    }
    if (!state->queue.empty()) {
      writeFront(state);
      return;
    }
    auto flushed = std::move(state->flushed);
    state->flushed.clear();
    active_ = nullptr;
    idle_ = state;
    for (auto& then : flushed) {
      then();
    }
  });
}

void ProxyStream::shutdownSend() {
  whenFlushed([this] {
    boost::system::error_code ignored;
    socket().shutdown(tcp::socket::shutdown_send, ignored);
  });
}

void ProxyStream::whenFlushed(std::function<void()> then) {
  if (active_ == nullptr) {
    then();
    return;
  }
  active_->flushed.push_back(std::move(then));
}

void ProxyStream::close(bool hard) {
  boost::system::error_code ignored;
  auto& s = socket();
  if (!s.is_open()) {
    return;
  }
  if (hard) {
    s.set_option(asio::socket_base::linger(true, 0), ignored);  // close() sends RST
  } else {
    s.shutdown(tcp::socket::shutdown_both, ignored);
  }
  s.close(ignored);
}

void TcpProxyStream::readSome(asio::mutable_buffer buffer, ReadHandler handler) {
  socket_.async_read_some(buffer, std::move(handler));
}

void TcpProxyStream::writeAll(const std::string& bytes, WriteHandler handler) {
  asio::async_write(socket_, asio::buffer(bytes),
                    [handler = std::move(handler)](const boost::system::error_code& ec, std::size_t) { handler(ec); });
}

TlsProxyStream::TlsProxyStream(tcp::socket socket, std::shared_ptr<asio::ssl::context> context)
    : context_(std::move(context)), stream_(std::move(socket), *context_) {}

void TlsProxyStream::readSome(asio::mutable_buffer buffer, ReadHandler handler) {
  stream_.async_read_some(buffer, [handler = std::move(handler)](const boost::system::error_code& ec, std::size_t bytes) {
    // A peer that closes TCP without close_notify ends the stream as far as the proxy cares.
    if (ec == asio::ssl::error::stream_truncated) {
      handler(asio::error::eof, bytes);
      return;
    }
    handler(ec, bytes);
  });
}

void TlsProxyStream::writeAll(const std::string& bytes, WriteHandler handler) {
  asio::async_write(stream_, asio::buffer(bytes),
                    [handler = std::move(handler)](const boost::system::error_code& ec, std::size_t) { handler(ec); });
}

}  // namespace oxh::faults
