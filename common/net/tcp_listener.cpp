#include "common/net/tcp_listener.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <utility>

#include "common/error/error.hpp"

namespace oxh::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

asio::ip::address resolveHost(const std::string& host) {
  if (host.empty() || host == "*") {
    return asio::ip::address_v4::any();
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    return address;
  }
  asio::io_context context;
  tcp::resolver resolver(context);
  const auto results = resolver.resolve(host, "0", ec);
  if (ec || results.empty()) {
    throw OxhException(Error("oxh.net.resolve", "cannot resolve '" + host + "': " + ec.message()));
  }
  return results.begin()->endpoint().address();
}

bool isLoopback(const std::string& host) {
  if (host == "localhost") {
    return true;
  }
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) {
    return false;
  }
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).is_loopback();
  }
  return address.is_loopback();
}

TcpListener::TcpListener(asio::io_context& context, HostPort listen, AcceptHandler onAccept)
    : context_(context),
      listen_(std::move(listen)),
      onAccept_(std::move(onAccept)),
      acceptor_(asio::make_strand(context)) {}

TcpListener::~TcpListener() = default;

void TcpListener::start() {
  const tcp::endpoint endpoint(resolveHost(listen_.host), listen_.port);
  boost::system::error_code ec;
  const auto fail = [&](const char* what) {
    throw OxhException(Error("oxh.net.listen", std::string(what) + " " + listen_.str() + ": " + ec.message()));
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) {
    fail("cannot open");
  }
  // SO_REUSEADDR: a fixed-port fake restarted between scenarios must not wait out TIME_WAIT.
  acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (ec) {
    fail("cannot set SO_REUSEADDR on");
  }
  acceptor_.bind(endpoint, ec);
  if (ec) {
    fail("cannot bind");
  }
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    fail("cannot listen on");
  }
  const auto local = acceptor_.local_endpoint();
  bound_ = HostPort{local.address().to_string(), local.port()};
  running_ = true;
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->doAccept(); });
}

void TcpListener::stop() {
  if (!running_.exchange(false)) {
    return;
  }
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void TcpListener::doAccept() {
  if (!running_) {
    return;
  }
  acceptor_.async_accept(asio::make_strand(context_),
                         [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
                           if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) {
                             return;
                           }
                           if (!ec) {
                             self->onAccept_(std::move(socket));
                           }
                           // Other errors (EMFILE, ECONNABORTED) concern one connection attempt, not the listener.
                           self->doAccept();
                         });
}

}  // namespace oxh::net
