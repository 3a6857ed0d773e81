#pragma once
// One FCM client connection that negotiated HTTP/2 (ALPN h2) on the fake FCM's TLS port; the
// http1::Server hands it over after the handshake (http1::TlsHandoff), so h2 and http/1.1
// share the port as on fcm.googleapis.com. firebase-admin's sendEach*/sendEachForMulticast
// use HTTP/2 (push.md §5). Each request is turned into an http1::Request (version
// "HTTP/2"), answered by the same handler as HTTP/1.1 requests, and journaled like the HTTP/1.1
// server does (kind "http.exchange", component "fcm").
// Ownership: shared_ptr; pending async operations keep it alive. Thread: its stream's strand.
#include <array>
#include <memory>
#include <string>

#include "common/http1/server.hpp"
#include "common/http1/tls_handoff.hpp"
#include "mock_apns_fcm/apns/h2_server_session.hpp"

namespace oxh::journal {
class Journal;
}

namespace oxh::push::fcm {

struct FcmH2Settings {
  http1::Handler handler;               // must outlive the connection (held by the fake's core)
  journal::Journal* journal = nullptr;  // not owned, may be null
  std::size_t bodyLimit = 1024 * 1024;  // larger bodies get 413
};

class FcmH2Connection : public std::enable_shared_from_this<FcmH2Connection> {
 public:
  FcmH2Connection(http1::TlsHandoff& handoff, std::shared_ptr<const FcmH2Settings> settings);
  ~FcmH2Connection();
  void start();
  void close();  // from any thread

 private:
  void doRead();
  void onRead(const boost::system::error_code& ec, std::size_t bytes);
  void onRequest(const apns::ApnsRequest& request);
  void flush();
  void finish(const std::string& why);
  void journal(const std::string& kind, const std::string& summary, nlohmann::json data);

  boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
  std::string id_;
  std::string peer_;
  http1::Request base_;  // peer, connection id, TLS version
  std::shared_ptr<const FcmH2Settings> settings_;
  std::unique_ptr<apns::H2ServerSession> session_;
  std::array<char, 16384> buffer_{};
  std::string outgoing_;
  std::uint64_t requests_ = 0;
  bool writing_ = false;
  bool reading_ = false;
  bool finished_ = false;
};

}  // namespace oxh::push::fcm
