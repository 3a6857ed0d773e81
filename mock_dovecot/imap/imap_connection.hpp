#pragma once
// One accepted IMAP connection: socket (and TLS after STARTTLS or for imaps) around an
// ImapSession. Reads feed the session; its output is written in order; IDLE notifications
// and keepalives come in through post() on the connection's strand.
// Ownership: shared_from_this keeps it alive while an operation is pending.
// Thread: everything runs on the socket's strand.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <atomic>
#include <memory>
#include <string>

#include "mock_dovecot/imap/imap_server_impl.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

class ImapConnection : public std::enable_shared_from_this<ImapConnection> {
 public:
  ImapConnection(std::shared_ptr<ImapServer::Impl> server, boost::asio::ip::tcp::socket socket, std::uint64_t id,
                 bool implicitTls);

  void start();
  void close(const std::string& reason);  // from any thread
  void storeChanged(const std::string& login, const std::string& mailbox);  // from any thread
  // Armed faults that act at once (from any thread): `bye` to this session when it matches
  // (`claimed` shared by the sessions of one sessions:"one" fault), drop_idle when idling.
  void applyBye(const ImapFault& fault, std::shared_ptr<std::atomic<bool>> claimed);
  void dropIfIdling();

 private:
  void doHandshake();
  void onHandshake(const boost::system::error_code& ec);
  void begin();
  void doRead();
  void onRead(const boost::system::error_code& ec, std::size_t bytes);
  void flush();
  void doWrite();
  void onWrite(const boost::system::error_code& ec);
  void armTimer();
  void onTimer(const boost::system::error_code& ec);
  void finish(const std::string& reason);

  std::shared_ptr<ImapServer::Impl> server_;
  boost::asio::ip::tcp::socket socket_;
  std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer holdTimer_;  // a `delay` fault's held tagged OK
  std::string id_;
  std::uint64_t number_;
  bool implicitTls_;
  std::string peer_;
  std::unique_ptr<ImapSession> session_;
  std::array<char, 16384> readBuffer_{};
  std::string pending_;   // output not yet handed to async_write
  std::string inFlight_;  // output being written
  bool writing_ = false;
  bool reading_ = false;
  bool handshaking_ = false;
  bool finished_ = false;
  std::uint64_t commands_ = 0;
};

}  // namespace oxh::dovecot::imap
