#include "runner/faults/fault_proxy.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "common/net/io_runtime.hpp"
#include "common/net/raw_connection_test_support.hpp"

namespace oxh::faults {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// An upstream on loopback: sends `greeting` to every client, then echoes what it reads.
class EchoServer {
 public:
  explicit EchoServer(std::string greeting = "") : greeting_(std::move(greeting)), acceptor_(context_) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    thread_ = std::thread([this] { run(); });
  }
  ~EchoServer() {
    stopping_ = true;
    boost::system::error_code ignored;
    // Wake accept() with a connection of our own, then join.
    tcp::socket poke(context_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
    for (auto& worker : workers_) {
      worker.join();
    }
  }
  net::HostPort endpoint() const { return {"127.0.0.1", acceptor_.local_endpoint().port()}; }
  int accepted() const { return accepted_.load(); }

 private:
  void run() {
    for (;;) {
      tcp::socket socket(context_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_ || ec) {
        return;
      }
      ++accepted_;
      workers_.emplace_back([this, socket = std::move(socket)]() mutable {
        boost::system::error_code ec;
        if (!greeting_.empty()) {
          asio::write(socket, asio::buffer(greeting_), ec);
        }
        char buffer[4096];
        for (;;) {
          const auto n = socket.read_some(asio::buffer(buffer), ec);
          if (ec) {
            return;
          }
          asio::write(socket, asio::buffer(buffer, n), ec);
        }
      });
    }
  }

  std::string greeting_;
  asio::io_context context_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::vector<std::thread> workers_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
};

FaultSpec spec(const std::map<std::string, std::string>& params) {
  auto parsed = parseFaultSpec(params);
  EXPECT_TRUE(parsed.spec) << parsed.error;
  return parsed.spec.value_or(FaultSpec{});
}

class FaultProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FaultProxyOptions options;
    options.name = "p";
    options.upstream = upstream_.endpoint();
    options.seed = 42;
    options.journal = &journal_;
    proxy_ = std::make_shared<FaultProxy>(runtime_.context(), options);
    proxy_->start();
  }
  void TearDown() override { proxy_->stop(); }

  std::optional<journal::Entry> waitFault(const std::string& kind, const std::string& fault = "") {
    return journal_.waitFor(
        [&](const journal::Entry& entry) {
          return entry.component == "fault" && entry.kind == kind && (fault.empty() || entry.data.value("fault", "") == fault);
        },
        10s);
  }

  EchoServer upstream_{"* OK hello\r\n"};
  journal::Journal journal_{"proxy-test"};
  net::IoRuntime runtime_{2};
  std::shared_ptr<FaultProxy> proxy_;
};

TEST_F(FaultProxyTest, ForwardsBothWaysWhenClean) {
  net::testing::RawConnection client(proxy_->endpoint());
  EXPECT_EQ(client.readUntil("\r\n"), "* OK hello\r\n");
  client.send("a1 NOOP\r\n");
  EXPECT_EQ(client.readUntil("\r\n", 2), "* OK hello\r\na1 NOOP\r\n");
  EXPECT_TRUE(waitFault("proxy.open"));
}

TEST_F(FaultProxyTest, OfflineRefusesAndResetsThenOnlineRestoresTheSamePort) {
  net::testing::RawConnection client(proxy_->endpoint());
  EXPECT_EQ(client.readUntil("\r\n"), "* OK hello\r\n");
  const auto address = proxy_->endpoint();
  proxy_->offline();
  // The open connection was reset ...
  char byte = 0;
  boost::system::error_code ec;
  client.socket().read_some(asio::buffer(&byte, 1), ec);
  EXPECT_EQ(ec, asio::error::connection_reset) << ec.message();
  // ... and new ones are refused.
  try {
    net::testing::RawConnection refused(address);
    FAIL() << "connected while offline";
  } catch (const boost::system::system_error& error) {
    EXPECT_EQ(error.code(), asio::error::connection_refused);
  }
  EXPECT_TRUE(waitFault("network.offline"));
  proxy_->online();
  EXPECT_EQ(proxy_->endpoint().port, address.port);
  net::testing::RawConnection again(address);
  EXPECT_EQ(again.readUntil("\r\n"), "* OK hello\r\n");
}

TEST_F(FaultProxyTest, RefuseUntilCleared) {
  proxy_->arm(spec({{"fault", "refuse"}}));
  EXPECT_THROW(net::testing::RawConnection(proxy_->endpoint()), boost::system::system_error);
  EXPECT_EQ(proxy_->clear(), 1U);
  net::testing::RawConnection client(proxy_->endpoint());
  EXPECT_EQ(client.readUntil("\r\n"), "* OK hello\r\n");
  EXPECT_TRUE(waitFault("fault.applied", "refuse"));
}

TEST_F(FaultProxyTest, DataLimitClosesAfterExactlyNBytes) {
  proxy_->arm(spec({{"fault", "data_limit"}, {"after_bytes", "4"}, {"direction", "server_to_client"}}));
  net::testing::RawConnection client(proxy_->endpoint());
  EXPECT_EQ(client.readUntilClose(), "* OK");
  EXPECT_TRUE(waitFault("fault.applied", "data_limit"));
}

TEST_F(FaultProxyTest, ResetAfterBytesSendsRst) {
  proxy_->arm(spec({{"fault", "reset"}, {"after_bytes", "2"}, {"direction", "client_to_server"}}));
  net::testing::RawConnection client(proxy_->endpoint());
  EXPECT_EQ(client.readUntil("\r\n"), "* OK hello\r\n");
  client.send("a1 NOOP\r\n");
  char buffer[64];
  boost::system::error_code ec;
  std::size_t total = 0;
  while (!ec) {
    total += client.socket().read_some(asio::buffer(buffer), ec);
  }
  EXPECT_EQ(ec, asio::error::connection_reset) << ec.message();
  EXPECT_LE(total, 2U);  // at most the 2 bytes let through, echoed
  EXPECT_TRUE(waitFault("fault.applied", "reset"));
}

TEST_F(FaultProxyTest, ResetOnceHitsOnlyTheNextConnection) {
  proxy_->arm(spec({{"fault", "reset"}, {"once", "true"}}));
  net::testing::RawConnection first(proxy_->endpoint());
  EXPECT_EQ(first.readUntilClose(), "");
  net::testing::RawConnection second(proxy_->endpoint());
  EXPECT_EQ(second.readUntil("\r\n"), "* OK hello\r\n");
}

TEST_F(FaultProxyTest, BlackholeNeverReachesTheUpstream) {
  proxy_->arm(spec({{"fault", "blackhole"}}));
  net::testing::RawConnection client(proxy_->endpoint());
  client.send("a1 NOOP\r\n");
  ASSERT_TRUE(waitFault("fault.applied", "blackhole"));
  timeval quick{0, 200000};
  ::setsockopt(client.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &quick, sizeof quick);
  char byte = 0;
  // ::recv, not asio: asio's blocking read polls again after SO_RCVTIMEO's EAGAIN.
  EXPECT_EQ(::recv(client.socket().native_handle(), &byte, 1, 0), -1);  // timed out: nothing came back
  EXPECT_EQ(errno, EAGAIN);
  EXPECT_EQ(upstream_.accepted(), 0);
}

TEST_F(FaultProxyTest, LatencyDelaysEachChunk) {
  proxy_->arm(spec({{"fault", "latency"}, {"latency", "150ms"}, {"direction", "server_to_client"}}));
  const auto start = std::chrono::steady_clock::now();
  net::testing::RawConnection client(proxy_->endpoint());
  EXPECT_EQ(client.readUntil("\r\n"), "* OK hello\r\n");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
  EXPECT_TRUE(waitFault("fault.applied", "latency"));
}

TEST_F(FaultProxyTest, SliceKeepsTheBytesInOrder) {
  proxy_->arm(spec({{"fault", "slice"}, {"chunk_min", "1"}, {"chunk_max", "3"}}));
  net::testing::RawConnection client(proxy_->endpoint());
  EXPECT_EQ(client.readUntil("\r\n"), "* OK hello\r\n");
  const std::string line = "a2 SELECT \"a long mailbox name to slice\"\r\n";
  client.send(line);
  EXPECT_EQ(client.readUntil("\r\n", 2), "* OK hello\r\n" + line);
  const auto applied = waitFault("fault.applied", "slice");
  ASSERT_TRUE(applied);
  EXPECT_NE(applied->data.value("detail", "").find(','), std::string::npos);
}

TEST_F(FaultProxyTest, SlowCloseHoldsTheFin) {
  proxy_->arm(spec({{"fault", "slow_close"}, {"delay", "200ms"}, {"direction", "client_to_server"}}));
  net::testing::RawConnection client(proxy_->endpoint());
  EXPECT_EQ(client.readUntil("\r\n"), "* OK hello\r\n");
  const auto start = std::chrono::steady_clock::now();
  client.socket().shutdown(tcp::socket::shutdown_send);
  ASSERT_TRUE(waitFault("fault.applied", "slow_close"));
  ASSERT_TRUE(waitFault("proxy.close"));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
}

TEST_F(FaultProxyTest, BandwidthPacesTheTransfer) {
  proxy_->arm(spec({{"fault", "bandwidth"}, {"rate", "1000"}, {"direction", "server_to_client"}}));
  net::testing::RawConnection client(proxy_->endpoint());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.readUntil("\r\n"), "* OK hello\r\n");
  client.send(std::string(198, 'x') + "\r\n");
  client.readUntil("\r\n", 2);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);  // 212 bytes at 1000 B/s
}

TEST_F(FaultProxyTest, UpstreamDownResetsTheClient) {
  FaultProxyOptions options;
  options.name = "dead";
  options.upstream = {"127.0.0.1", 1};  // nothing listens on port 1 here
  options.journal = &journal_;
  auto dead = std::make_shared<FaultProxy>(runtime_.context(), options);
  dead->start();
  net::testing::RawConnection client(dead->endpoint());
  EXPECT_EQ(client.readUntilClose(), "");
  const auto closed = waitFault("proxy.close");
  ASSERT_TRUE(closed);
  EXPECT_NE(closed->summary.find("upstream 127.0.0.1:1"), std::string::npos) << closed->summary;
  dead->stop();
}

}  // namespace
}  // namespace oxh::faults
