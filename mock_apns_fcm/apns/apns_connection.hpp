#pragma once
// One APNs client connection: TLS handshake (the client certificate, if any, selects
// certificate authentication, as Pushy's mock decides [push.md §9]), then bytes between the
// socket and an H2ServerSession, with each request decided by ApnsService. Delayed answers
// wait on a timer; RST_STREAM, GOAWAY and close faults are carried out here.
// With token authentication APNs allows one stream until a request carries a valid token
// [A1]; the fake advertises MAX_CONCURRENT_STREAMS=1 until then (the value real APNs
// advertises is UNCONFIRMED, push.md §9).
// Ownership: shared_ptr; the pending async operations keep it alive. Thread: its strand.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "mock_apns_fcm/apns/apns_service.hpp"
#include "mock_apns_fcm/apns/h2_server_session.hpp"

namespace oxh::journal {
class Journal;
}

namespace oxh::push::apns {

using namespace std::chrono_literals;

// Apple advises keeping connections open for hours and pinging after an hour idle [A1]; the
// fake closes a connection nothing happened on for this long.
inline constexpr std::chrono::seconds kApnsIdleTimeout = 2h;
// Concurrent streams once a connection is authenticated (UNCONFIRMED value, see above).
inline constexpr std::uint32_t kAuthenticatedMaxStreams = 1000;

struct ApnsConnectionSettings {
  ApnsService* service = nullptr;       // not owned; outlives the connection's handlers
  journal::Journal* journal = nullptr;  // not owned, may be null
  std::shared_ptr<boost::asio::ssl::context> tls;
  bool gateStreamsUntilToken = true;
  std::size_t maxHeaderBytes = 16384;
  std::shared_ptr<void> owner;  // keeps what `service` points into alive while connections run
};

class ApnsConnection : public std::enable_shared_from_this<ApnsConnection> {
 public:
  ApnsConnection(boost::asio::ip::tcp::socket socket, std::string id, std::shared_ptr<const ApnsConnectionSettings> settings);
  ~ApnsConnection();
  void start();
  void close();  // from any thread
  [[nodiscard]] const std::string& id() const { return context_.id; }

 private:
  struct Io;

  void onHandshake(const boost::system::error_code& ec);
  void doRead();
  void onRead(const boost::system::error_code& ec, std::size_t bytes);
  void onRequest(ApnsRequest request);
  void carryOut(std::int32_t streamId, ApnsDecision decision);
  void flush();
  void onWrite(const boost::system::error_code& ec);
  void finish(const std::string& why);
  void journal(const std::string& kind, const std::string& summary, nlohmann::json data);

  std::shared_ptr<const ApnsConnectionSettings> settings_;
  std::unique_ptr<Io> io_;
  std::unique_ptr<H2ServerSession> session_;
  ApnsConnectionContext context_;
  std::string peer_;
  std::string outgoing_;
  bool writing_ = false;
  bool reading_ = false;
  bool closeAfterFlush_ = false;
  bool finished_ = false;
  bool streamsLifted_ = false;
};

}  // namespace oxh::push::apns
