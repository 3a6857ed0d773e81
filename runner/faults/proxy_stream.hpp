#pragma once
// One side of a fault-proxy connection as a byte stream: plain TCP, or TLS terminated by the
// proxy (tls_termination.hpp). Reads are one at a time (the pump's); writes are queued, so
// the pump and a protocol filter injecting an answer (http1_fault_filter, h2_frame_filter)
// never interleave their bytes. A TLS peer closing without close_notify reads as EOF.
// Ownership: owned by its ProxyConnection; handlers must keep that connection alive.
// Thread: the connection's strand only.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace oxh::faults {

class ProxyStream {
 public:
  using ReadHandler = std::function<void(const boost::system::error_code&, std::size_t)>;
  using WriteHandler = std::function<void(const boost::system::error_code&)>;

  virtual ~ProxyStream() = default;
  [[nodiscard]] virtual boost::asio::ip::tcp::socket& socket() = 0;
  virtual void readSome(boost::asio::mutable_buffer buffer, ReadHandler handler) = 0;
  // Writes all of `bytes` after the writes queued before; `handler` may be empty.
  void write(std::string bytes, WriteHandler handler);
  // Our side is done sending: a FIN (TLS: the TCP FIN without close_notify, which the
  // proxy's peers read as the end of the stream, as they would from a plain proxy).
  void shutdownSend();
  // Runs `then` once every write queued so far is done (at once when none is pending).
  void whenFlushed(std::function<void()> then);
  // Closes the socket: `hard` sends RST.
  void close(bool hard);

 protected:
  virtual void writeAll(const std::string& bytes, WriteHandler handler) = 0;

 private:
  // The queue lives in the in-flight write's handler while a write is under way (active_
  // points at it), so an io_context destroyed mid-write takes it, and the connection the
  // queued handlers hold, along: no reference cycle through the stream.
  struct WriteState {
    std::deque<std::pair<std::string, WriteHandler>> queue;
    std::vector<std::function<void()>> flushed;
  };
  void writeFront(std::shared_ptr<WriteState> state);

  std::shared_ptr<WriteState> idle_ = std::make_shared<WriteState>();
  WriteState* active_ = nullptr;
};

class TcpProxyStream final : public ProxyStream {
 public:
  explicit TcpProxyStream(boost::asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}
  boost::asio::ip::tcp::socket& socket() override { return socket_; }
  void readSome(boost::asio::mutable_buffer buffer, ReadHandler handler) override;

 protected:
  void writeAll(const std::string& bytes, WriteHandler handler) override;

 private:
  boost::asio::ip::tcp::socket socket_;
};

class TlsProxyStream final : public ProxyStream {
 public:
  // The context must outlive the stream (the stream keeps a reference).
  TlsProxyStream(boost::asio::ip::tcp::socket socket, std::shared_ptr<boost::asio::ssl::context> context);
  boost::asio::ip::tcp::socket& socket() override { return stream_.next_layer(); }
  void readSome(boost::asio::mutable_buffer buffer, ReadHandler handler) override;
  [[nodiscard]] boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& tls() { return stream_; }

 protected:
  void writeAll(const std::string& bytes, WriteHandler handler) override;

 private:
  std::shared_ptr<boost::asio::ssl::context> context_;
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
};

}  // namespace oxh::faults
