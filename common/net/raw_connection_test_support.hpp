#pragma once
// Test support: a blocking TCP connection that sends exact bytes and reads raw answers, for
// tests that must control the wire (header case and order, garbage, pipelining). Reads time
// out (SO_RCVTIMEO) so a broken server fails the test instead of hanging it.
// Thread: one test thread.
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <string>
#include <string_view>

#include "common/net/endpoint.hpp"

namespace oxh::net::testing {

class RawConnection {
 public:
  explicit RawConnection(const HostPort& to) : socket_(context_) {
    socket_.connect({boost::asio::ip::make_address(to.host), to.port});
    timeval timeout{10, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  void send(std::string_view bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes.data(), bytes.size())); }

  // Everything until the peer closes (or the read times out / fails).
  std::string readUntilClose() {
    std::string out;
    char buffer[4096];
    for (;;) {
      boost::system::error_code ec;
      const auto n = socket_.read_some(boost::asio::buffer(buffer), ec);
      out.append(buffer, n);
      if (ec) {
        return out;
      }
    }
  }

  // Reads until `marker` occurred `count` times (or the connection ends); returns all read.
  std::string readUntil(std::string_view marker, int count = 1) {
    char buffer[4096];
    for (;;) {
      int seen = 0;
      for (auto at = received_.find(marker); at != std::string::npos; at = received_.find(marker, at + marker.size())) {
        ++seen;
      }
      if (seen >= count) {
        return received_;
      }
      boost::system::error_code ec;
      const auto n = socket_.read_some(boost::asio::buffer(buffer), ec);
      received_.append(buffer, n);
      if (ec) {
        return received_;
      }
    }
  }

  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }
  boost::asio::ip::tcp::socket& socket() { return socket_; }

 private:
  boost::asio::io_context context_;
  boost::asio::ip::tcp::socket socket_;
  std::string received_;
};

}  // namespace oxh::net::testing
