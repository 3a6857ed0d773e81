#include "common/net/tcp_listener.hpp"

#include <gtest/gtest.h>

#include <future>

#include "common/error/error.hpp"
#include "common/net/io_runtime.hpp"
#include "common/net/raw_connection_test_support.hpp"

namespace oxh::net {
namespace {

using namespace std::chrono_literals;

TEST(TcpListenerTest, AcceptsOnV4AndV6WithOwnStrandPerConnection) {
  IoRuntime runtime(2);
  for (const char* host : {"127.0.0.1", "::1"}) {
    std::promise<std::string> accepted;
    auto listener =
        std::make_shared<TcpListener>(runtime.context(), HostPort{host, 0}, [&](boost::asio::ip::tcp::socket socket) {
          accepted.set_value(socket.remote_endpoint().address().to_string());
        });
    try {
      listener->start();
    } catch (const OxhException& error) {
      if (std::string(host) == "::1") {
        GTEST_SKIP() << "no IPv6 loopback here: " << error.what();
      }
      throw;
    }
    EXPECT_NE(listener->endpoint().port, 0);
    EXPECT_EQ(listener->endpoint().host, host);
    testing::RawConnection client(listener->endpoint());
    auto future = accepted.get_future();
    ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
    EXPECT_EQ(future.get(), host);
    listener->stop();
  }
}

TEST(TcpListenerTest, TakenPortThrowsListenError) {
  IoRuntime runtime(1);
  auto first = std::make_shared<TcpListener>(runtime.context(), HostPort{"127.0.0.1", 0}, [](auto) {});
  first->start();
  auto second = std::make_shared<TcpListener>(runtime.context(), first->endpoint(), [](auto) {});
  try {
    second->start();
    FAIL() << "bound twice";
  } catch (const OxhException& error) {
    EXPECT_EQ(error.error().id(), "oxh.net.listen");
  }
}

TEST(TcpListenerTest, StopRefusesNewConnections) {
  IoRuntime runtime(1);
  std::promise<void> stopped;
  auto listener = std::make_shared<TcpListener>(runtime.context(), HostPort{"127.0.0.1", 0}, [](auto) {});
  listener->start();
  const auto endpoint = listener->endpoint();
  listener->stop();
  EXPECT_FALSE(listener->running());
  // The close runs on the listener's strand; a post behind it tells us it happened.
  boost::asio::post(runtime.context(), [&] { stopped.set_value(); });
  stopped.get_future().wait();
  EXPECT_THROW(testing::RawConnection client(endpoint), boost::system::system_error);
}

TEST(LoopbackTest, Classifies) {
  EXPECT_TRUE(isLoopback("127.0.0.1"));
  EXPECT_TRUE(isLoopback("127.1.2.3"));
  EXPECT_TRUE(isLoopback("::1"));
  EXPECT_TRUE(isLoopback("::ffff:127.0.0.1"));
  EXPECT_TRUE(isLoopback("localhost"));
  EXPECT_FALSE(isLoopback("0.0.0.0"));
  EXPECT_FALSE(isLoopback("::"));
  EXPECT_FALSE(isLoopback("10.1.2.3"));
  EXPECT_FALSE(isLoopback("example.com"));
}

}  // namespace
}  // namespace oxh::net
