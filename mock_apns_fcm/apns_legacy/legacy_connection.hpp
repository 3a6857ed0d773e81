#pragma once
// One TLS connection to the legacy gateway or to the feedback service. Both demand a client
// certificate (Apple's provider certificate, push.md §2). A certificate without the OID of
// the listener's environment (1.2.840.113635.100.6.3.1 sandbox, .3.2 production) is let
// through the handshake and then disconnected without a word, which is what apn@1.7.8's
// source says Apple did with a production certificate on the sandbox gateway.
// Gateway: bytes go through a LegacyGatewaySession; after an error packet the fake half-closes
// (FIN) and drains the client's remaining bytes for kShutdownTimeout before closing, so the
// client reads the packet instead of a reset.
// Feedback: the due records are written, then the same close.
// Ownership: shared_ptr; pending async operations keep it alive. Thread: its strand.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "mock_apns_fcm/apns_legacy/legacy_gateway_session.hpp"

namespace oxh::push::apns {

using namespace std::chrono_literals;

// Apple kept provider connections open; JavaPNS (OX 7.8) waits 5 s for an error packet after a
// batch, so OX scenarios lower this to make its round trip fast (push.md §2).
inline constexpr std::chrono::milliseconds kLegacyIdleTimeout = 30min;

enum class LegacyRole { Gateway, Feedback };

struct LegacyConnectionSettings {
  LegacyRole role = LegacyRole::Gateway;
  std::shared_ptr<boost::asio::ssl::context> tls;
  LegacyGatewayShared* shared = nullptr;  // not owned; kept alive through `owner`
  bool requireEnvironmentOid = true;
  std::chrono::milliseconds idleTimeout = kLegacyIdleTimeout;
  std::shared_ptr<void> owner;
};

class LegacyConnection : public std::enable_shared_from_this<LegacyConnection> {
 public:
  LegacyConnection(boost::asio::ip::tcp::socket socket, std::string id,
                   std::shared_ptr<const LegacyConnectionSettings> settings);
  ~LegacyConnection();
  void start();
  void close();  // from any thread

 private:
  struct Io;

  void onHandshake(const boost::system::error_code& ec);
  void doRead();
  void onRead(const boost::system::error_code& ec, std::size_t bytes);
  void send(std::string bytes, bool thenClose, std::string why);
  void onWrite(const boost::system::error_code& ec);
  void linger();
  void finish(const std::string& why);
  void journal(const std::string& kind, const std::string& summary, nlohmann::json data);

  std::shared_ptr<const LegacyConnectionSettings> settings_;
  std::unique_ptr<Io> io_;
  std::unique_ptr<LegacyGatewaySession> session_;
  std::string id_;
  std::string peer_;
  std::string outgoing_;
  std::string closeWhy_;
  bool closeAfterWrite_ = false;
  bool lingering_ = false;
  bool finished_ = false;
  bool opened_ = false;
};

}  // namespace oxh::push::apns
