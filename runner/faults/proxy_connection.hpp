#pragma once
// One client connection through the fault proxy: the accepted socket, the socket to the
// upstream, and one pump per direction that reads a chunk, asks its DirectionSchedule how to
// forward it under the faults active now, and writes the pieces after their pauses.
// Ownership: shared; the pending operations keep it alive. FaultProxy keeps a weak_ptr.
// Thread: everything runs on the strand of the accepted socket (both sockets and the timers
// share it); reset() may be called from any thread (it posts).
#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "runner/faults/fault_schedule.hpp"

namespace oxh::faults {

class FaultProxy;

class ProxyConnection : public std::enable_shared_from_this<ProxyConnection> {
 public:
  ProxyConnection(std::shared_ptr<FaultProxy> proxy, std::uint64_t id, boost::asio::ip::tcp::socket client);

  void start();
  [[nodiscard]] boost::asio::any_io_executor executor() { return client_.get_executor(); }
  // Resets both sides (RST) because of `why` ("offline", "stop").
  void reset(const std::string& why);

 private:
  struct Pump {
    explicit Pump(std::uint64_t seed, std::uint64_t connection, Direction flow) : schedule(seed, connection, flow) {}
    DirectionSchedule schedule;
    std::array<char, 16384> buffer{};
    ChunkPlan plan;
    std::size_t next = 0;    // index of the next piece to write
    std::size_t offset = 0;  // bytes of the buffer written so far
    bool finished = false;   // FIN passed on
  };

  void onConnected(const boost::system::error_code& ec);
  void doRead(Direction flow);
  void onRead(Direction flow, const boost::system::error_code& ec, std::size_t bytes);
  void doPiece(Direction flow);
  void onEnd(Direction flow);
  void applyOutcome(Outcome outcome, const std::string& why);
  void closeBoth(bool hard, const std::string& why);

  Pump& pump(Direction flow) { return flow == Direction::kClientToServer ? toServer_ : toClient_; }
  boost::asio::ip::tcp::socket& source(Direction flow) { return flow == Direction::kClientToServer ? client_ : upstream_; }
  boost::asio::ip::tcp::socket& sink(Direction flow) { return flow == Direction::kClientToServer ? upstream_ : client_; }
  boost::asio::steady_timer& timer(Direction flow) { return flow == Direction::kClientToServer ? toServerTimer_ : toClientTimer_; }
  [[nodiscard]] std::string tag() const;

  std::shared_ptr<FaultProxy> proxy_;
  std::uint64_t id_;
  boost::asio::ip::tcp::socket client_;
  boost::asio::ip::tcp::socket upstream_;
  boost::asio::steady_timer toServerTimer_;
  boost::asio::steady_timer toClientTimer_;
  Pump toServer_;
  Pump toClient_;
  bool connected_ = false;
  bool closed_ = false;
  std::uint64_t bytesToServer_ = 0;
  std::uint64_t bytesToClient_ = 0;
};

}  // namespace oxh::faults
