#pragma once
// A TCP listener: binds host:port (port 0 = the OS picks; IPv4 and IPv6 literals, or a name
// resolved once at start), sets SO_REUSEADDR so a fixed port can be re-bound right after a
// scenario, and accepts in a loop. Each accepted socket gets its own strand
// (net/connection_strand.hpp), so a connection's handlers never run concurrently with each
// other even on a multi-threaded io_context.
// Ownership: create with std::make_shared; the accept loop keeps the listener alive until
// stop() (or the io_context stopping). Thread: start()/stop()/endpoint() from any thread.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>

#include "common/net/endpoint.hpp"

namespace oxh::net {

class TcpListener : public std::enable_shared_from_this<TcpListener> {
 public:
  // Called once per accepted connection, on the listener's strand; the socket's executor is
  // a fresh strand for that connection.
  using AcceptHandler = std::function<void(boost::asio::ip::tcp::socket socket)>;

  TcpListener(boost::asio::io_context& context, HostPort listen, AcceptHandler onAccept);
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  // Binds and listens synchronously (so the port is known and taken when this returns), then
  // starts the accept loop. Throws OxhException [oxh.net.listen] when binding fails.
  void start();
  // Stops accepting; connections already accepted are not touched. Idempotent.
  void stop();
  // The bound address (the real port when 0 was asked for). Valid after start().
  [[nodiscard]] HostPort endpoint() const { return bound_; }
  [[nodiscard]] bool running() const { return running_.load(); }

 private:
  void doAccept();

  boost::asio::io_context& context_;
  HostPort listen_;
  HostPort bound_;
  AcceptHandler onAccept_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> running_{false};
};

// Resolves a listen/connect host ("127.0.0.1", "::1", "localhost", "" = all IPv4) to one
// address; throws OxhException [oxh.net.resolve] when it cannot.
boost::asio::ip::address resolveHost(const std::string& host);

// True for 127.0.0.0/8, ::1, IPv4-mapped loopback and "localhost".
bool isLoopback(const std::string& host);

}  // namespace oxh::net
