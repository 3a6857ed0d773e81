#pragma once
// One client connection through the fault proxy: the accepted socket, the socket to the
// upstream, and one pump per direction that reads a chunk, asks its DirectionSchedule how to
// forward it under the faults active now, and writes the pieces after their pauses.
// In `tls: terminate` mode both sides become ProxyStreams over TLS (the TLS faults act before
// the client's handshake, proxy_connection_tls.cpp); with a `protocol`, a ProtocolFilter
// sees each chunk first and may change it, answer the sender, hold it or end the connection.
// Ownership: shared; the pending operations keep it alive. FaultProxy keeps a weak_ptr.
// Thread: everything runs on the strand of the accepted socket (both sockets and the timers
// share it); reset() may be called from any thread (it posts).
#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <string>

#include "runner/faults/fault_schedule.hpp"
#include "runner/faults/protocol_filter.hpp"
#include "runner/faults/proxy_stream.hpp"

namespace oxh::faults {

class FaultProxy;

class ProxyConnection : public std::enable_shared_from_this<ProxyConnection> {
 public:
  ProxyConnection(std::shared_ptr<FaultProxy> proxy, std::uint64_t id, boost::asio::ip::tcp::socket client);

  void start();
  [[nodiscard]] boost::asio::any_io_executor executor() { return executor_; }
  // Resets both sides (RST) because of `why` ("offline", "stop").
  void reset(const std::string& why);

 private:
  struct Pump {
    explicit Pump(std::uint64_t seed, std::uint64_t connection, Direction flow) : schedule(seed, connection, flow) {}
    DirectionSchedule schedule;
    std::array<char, 16384> buffer{};
    std::string out;  // the bytes of this chunk to forward (the filter's output)
    ChunkPlan plan;
    bool midChunk = false;     // pieces of `out` are being written
    std::string injected;      // bytes a filter injected meanwhile, written after the chunk
    bool closeAfter = false;   // the filter ends the connection after this chunk
    Millis closeDelay{0};
    std::size_t next = 0;    // index of the next piece to write
    std::size_t offset = 0;  // bytes of the buffer written so far
    bool finished = false;   // FIN passed on
  };

  void connectUpstream();
  void onConnected(const boost::system::error_code& ec);
  // proxy_connection_tls.cpp: the TLS faults and the two handshakes.
  bool startTls(const std::vector<ArmedFault>& faults);
  void onClientHandshake(const boost::system::error_code& ec);
  void upstreamHandshake();
  void startPumps();
  void inject(Direction toward, std::string bytes);
  void closeAfterFlush(Millis delay, const std::string& why);
  void doRead(Direction flow);
  void onRead(Direction flow, const boost::system::error_code& ec, std::size_t bytes);
  void doPiece(Direction flow);
  void onEnd(Direction flow);
  void applyOutcome(Outcome outcome, const std::string& why);
  void closeBoth(bool hard, const std::string& why);

  Pump& pump(Direction flow) { return flow == Direction::kClientToServer ? toServer_ : toClient_; }
  ProxyStream& source(Direction flow) { return flow == Direction::kClientToServer ? *client_ : *upstream_; }
  ProxyStream& sink(Direction flow) { return flow == Direction::kClientToServer ? *upstream_ : *client_; }
  boost::asio::steady_timer& timer(Direction flow) { return flow == Direction::kClientToServer ? toServerTimer_ : toClientTimer_; }
  [[nodiscard]] std::string tag() const;

  std::shared_ptr<FaultProxy> proxy_;
  std::uint64_t id_;
  boost::asio::any_io_executor executor_;
  std::unique_ptr<ProxyStream> client_;
  std::unique_ptr<ProxyStream> upstream_;
  std::unique_ptr<ProtocolFilter> filter_;
  std::string negotiatedAlpn_;
  std::optional<std::string> answerFirstRead_;  // tls_alert: written to the client after its first read
  boost::asio::steady_timer closeTimer_;
  bool closing_ = false;
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
