#include "mock_dovecot/imap/imap_connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "common/net/timeouts.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::dovecot::imap {

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// imap-login drops a client that has not logged in after 3 minutes; after login RFC 3501
// section 5.4 asks for an autologout timer of at least 30 minutes (Dovecot's is 30).
constexpr auto kLoginTimeout = std::chrono::minutes(3);
constexpr auto kAutologout = std::chrono::minutes(30);
// Dovecot's imap_idle_notify_interval default: "* OK Still here" while idling.
constexpr auto kIdleKeepalive = std::chrono::minutes(2);

}  // namespace

ImapConnection::ImapConnection(std::shared_ptr<ImapServer::Impl> server, asio::ip::tcp::socket socket,
                               std::uint64_t id, bool implicitTls)
    : server_(std::move(server)),
      socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      holdTimer_(socket_.get_executor()),
      id_("imap-" + std::to_string(id)),
      number_(id),
      implicitTls_(implicitTls) {
  boost::system::error_code ec;
  const auto remote = socket_.remote_endpoint(ec);
  peer_ = ec ? std::string("?") : net::HostPort{remote.address().to_string(), remote.port()}.str();
  SessionOptions options;
  options.profile = server_->profile;
  options.greeting = server_->options.greeting;
  // A -METADATA toggle is imap_metadata=no for every client.
  options.metadataEnabled = !ec && server_->metadataNetworks.contains(remote.address()) && server_->profile->metadata;
  options.startTlsAvailable = server_->tls != nullptr && !implicitTls;
  options.secured = implicitTls;
  options.peer = peer_;
  options.faults = &server_->faults;
  ImapServer::Impl* impl = server_.get();
  const std::string connection = id_;
  session_ = std::make_unique<ImapSession>(server_->store, options, [impl, connection](const SessionEvent& event) {
    impl->record(connection, event.kind, event.summary, event.data);
  });
}

void ImapConnection::start() {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    if (self->implicitTls_) {
      self->doHandshake();
    } else {
      self->begin();
    }
  });
}

void ImapConnection::close(const std::string& reason) {
  asio::post(socket_.get_executor(), [self = shared_from_this(), reason] { self->finish(reason); });
}

void ImapConnection::storeChanged(const std::string& login, const std::string& mailbox) {
  asio::post(socket_.get_executor(), [self = shared_from_this(), login, mailbox] {
    if (self->finished_) {
      return;
    }
    self->session_->mailboxChanged(login, mailbox);
    self->flush();
  });
}

void ImapConnection::applyBye(const ImapFault& fault, std::shared_ptr<std::atomic<bool>> claimed) {
  asio::post(socket_.get_executor(), [self = shared_from_this(), fault, claimed] {
    if (self->finished_ || self->session_->closing()) {
      return;
    }
    if (!fault.user.empty() && fault.user != self->session_->user()) {
      return;
    }
    if (!fault.everySession && claimed->exchange(true)) {
      return;
    }
    self->session_->applyBye(fault);
    self->flush();
  });
}

void ImapConnection::dropIfIdling() {
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (!self->finished_ && self->session_->dropIfIdling()) {
      self->flush();
    }
  });
}

void ImapConnection::doHandshake() {
  handshaking_ = true;
  tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, *server_->tls);
  timer_.expires_after(net::kHandshakeTimeout);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec && self->handshaking_) {
      self->finish("tls handshake timeout");
    }
  });
  tls_->async_handshake(asio::ssl::stream_base::server,
                        [self = shared_from_this()](const boost::system::error_code& ec) { self->onHandshake(ec); });
}

void ImapConnection::onHandshake(const boost::system::error_code& ec) {
  handshaking_ = false;
  timer_.cancel();
  if (ec) {
    server_->record(id_, "tls.handshake", "TLS handshake from " + peer_ + " failed: " + ec.message(),
                    {{"peer", peer_}, {"error", ec.message()}, {"ok", false}});
    finish("tls handshake failed");
    return;
  }
  const tls::TlsInfo info = tls::describeSession(tls_->native_handle());
  server_->record(id_, "tls.handshake", info.version + " " + info.cipher,
                  {{"peer", peer_}, {"ok", true}, {"version", info.version}, {"cipher", info.cipher},
                   {"alpn", info.alpn}, {"starttls", !implicitTls_}});
  if (implicitTls_) {
    begin();
    return;
  }
  session_->tlsEstablished();
  doRead();
}

void ImapConnection::begin() {
  server_->record(id_, "connection.open", "open from " + peer_,
                  {{"peer", peer_}, {"secure", implicitTls_}, {"metadata", session_->options().metadataEnabled}});
  session_->start();
  flush();
  doRead();
}

void ImapConnection::armTimer() {
  const bool loggedIn = session_->state() != SessionState::kNotAuthenticated;
  timer_.expires_after(session_->idling() ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(kIdleKeepalive)
                       : loggedIn         ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(kAutologout)
                                          : std::chrono::duration_cast<std::chrono::steady_clock::duration>(kLoginTimeout));
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) { self->onTimer(ec); });
}

void ImapConnection::onTimer(const boost::system::error_code& ec) {
  if (ec || finished_) {
    return;
  }
  if (session_->idling()) {
    session_->idleKeepalive();
    flush();
    armTimer();
    return;
  }
  session_->fatal("Disconnected for inactivity.");
  flush();
}

void ImapConnection::doRead() {
  if (finished_ || reading_) {
    return;
  }
  reading_ = true;
  armTimer();
  auto handler = [self = shared_from_this()](const boost::system::error_code& ec, std::size_t bytes) {
    self->onRead(ec, bytes);
  };
  if (tls_) {
    tls_->async_read_some(asio::buffer(readBuffer_), handler);
  } else {
    socket_.async_read_some(asio::buffer(readBuffer_), handler);
  }
}

void ImapConnection::onRead(const boost::system::error_code& ec, std::size_t bytes) {
  reading_ = false;
  if (ec) {
    finish(ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ? "peer closed"
                                                                               : "read failed: " + ec.message());
    return;
  }
  session_->feed(std::string_view(readBuffer_.data(), bytes));
  flush();
  if (!session_->closing() && !session_->startTlsPending()) {
    doRead();
  }
}

void ImapConnection::flush() {
  pending_ += session_->takeOutput();
  if (auto hold = session_->newHold()) {
    holdTimer_.expires_after(*hold);
    holdTimer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->finished_) {
        return;
      }
      self->session_->releaseHold();
      self->flush();
    });
  }
  if (!writing_) {
    doWrite();
  }
}

void ImapConnection::doWrite() {
  if (finished_) {
    return;
  }
  if (pending_.empty()) {
    if (session_->closing() && !session_->holding()) {
      finish("closed by server");
    } else if (session_->startTlsPending() && !handshaking_ && !reading_) {
      doHandshake();
    }
    return;
  }
  writing_ = true;
  inFlight_.swap(pending_);
  pending_.clear();
  auto handler = [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) { self->onWrite(ec); };
  if (tls_ && !handshaking_) {
    asio::async_write(*tls_, asio::buffer(inFlight_), handler);
  } else {
    asio::async_write(socket_, asio::buffer(inFlight_), handler);
  }
}

void ImapConnection::onWrite(const boost::system::error_code& ec) {
  writing_ = false;
  inFlight_.clear();
  if (ec) {
    finish("write failed: " + ec.message());
    return;
  }
  doWrite();
}

void ImapConnection::finish(const std::string& reason) {
  if (finished_) {
    return;
  }
  finished_ = true;
  timer_.cancel();
  holdTimer_.cancel();
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  server_->record(id_, "connection.close", "closed: " + reason, {{"peer", peer_}, {"reason", reason}});
  server_->untrack(number_);
}

}  // namespace oxh::dovecot::imap
