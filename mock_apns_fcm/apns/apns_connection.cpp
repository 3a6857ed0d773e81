#include "mock_apns_fcm/apns/apns_connection.hpp"

#include <openssl/ssl.h>

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "common/journal/journal.hpp"
#include "common/net/timeouts.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_apns_fcm/apns/header_rules.hpp"

namespace oxh::push::apns {

namespace asio = boost::asio;
namespace beast = boost::beast;

struct ApnsConnection::Io {
  Io(asio::ip::tcp::socket socket, asio::ssl::context& tls) : stream(beast::tcp_stream(std::move(socket)), tls) {}
  beast::ssl_stream<beast::tcp_stream> stream;
  std::array<char, 16384> buffer{};
};

ApnsConnection::ApnsConnection(asio::ip::tcp::socket socket, std::string id,
                               std::shared_ptr<const ApnsConnectionSettings> settings)
    : settings_(std::move(settings)) {
  context_.id = std::move(id);
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  peer_ = ec ? "?" : remote.address().to_string() + ":" + std::to_string(remote.port());
  // HTTP/2 multiplexes many small frames on one connection: without TCP_NODELAY, Nagle's
  // algorithm holds a response behind the client's delayed ACK (~40 ms on Linux), which capped
  // the bench at ~4.5k pushes/s with 200 streams in flight while the fake sat idle.
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  io_ = std::make_unique<Io>(std::move(socket), *settings_->tls);
}

ApnsConnection::~ApnsConnection() = default;

void ApnsConnection::journal(const std::string& kind, const std::string& summary, nlohmann::json data) {
  if (settings_->journal == nullptr) {
    return;
  }
  journal::Entry entry;
  entry.component = "apns";
  entry.kind = kind;
  entry.connection = context_.id;
  entry.summary = summary;
  entry.data = std::move(data);
  settings_->journal->append(std::move(entry));
}

void ApnsConnection::start() {
  asio::dispatch(io_->stream.get_executor(), [self = shared_from_this()] {
    beast::get_lowest_layer(self->io_->stream).expires_after(net::kHandshakeTimeout);
    self->io_->stream.async_handshake(asio::ssl::stream_base::server,
                                      [self](const boost::system::error_code& ec) { self->onHandshake(ec); });
  });
}

void ApnsConnection::close() {
  asio::post(io_->stream.get_executor(), [self = shared_from_this()] { self->finish("server stopped"); });
}

void ApnsConnection::onHandshake(const boost::system::error_code& ec) {
  if (ec) {
    journal("connection.tls-failed", "TLS handshake from " + peer_ + " failed: " + ec.message(),
            {{"peer", peer_}, {"error", ec.message()}});
    finish("tls handshake failed");
    return;
  }
  SSL* ssl = io_->stream.native_handle();
  const auto info = tls::describeSession(ssl);
  nlohmann::json data{{"peer", peer_}, {"tls", {{"version", info.version}, {"cipher", info.cipher}, {"alpn", info.alpn}}}};
  if (X509* certificate = SSL_get0_peer_certificate(ssl)) {
    context_.certificate = describeCertificate(certificate);
    data["tls"]["clientCertificate"] = context_.certificate->subject;
  }
  journal("connection.open", "open from " + peer_ + " " + info.version + (info.alpn.empty() ? "" : " alpn=" + info.alpn),
          std::move(data));

  H2SessionOptions options;
  options.maxHeaderBytes = settings_->maxHeaderBytes;
  options.bodyLimit = kMaxVoipPayloadBytes + 1;
  const bool gate = settings_->gateStreamsUntilToken && !context_.certificate;
  options.maxConcurrentStreams = gate ? 1 : kAuthenticatedMaxStreams;
  streamsLifted_ = !gate;
  session_ = std::make_unique<H2ServerSession>(options, [this](ApnsRequest request) { onRequest(std::move(request)); });
  session_->start();
  flush();
  doRead();
}

void ApnsConnection::doRead() {
  if (reading_ || finished_ || closeAfterFlush_) {
    return;
  }
  reading_ = true;
  beast::get_lowest_layer(io_->stream).expires_after(kApnsIdleTimeout);
  io_->stream.async_read_some(asio::buffer(io_->buffer),
                              [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                                self->onRead(ec, n);
                              });
}

void ApnsConnection::onRead(const boost::system::error_code& ec, std::size_t bytes) {
  reading_ = false;
  if (finished_) {
    return;
  }
  if (ec) {
    finish(ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ? "client closed" : "read: " + ec.message());
    return;
  }
  if (!session_->receive({io_->buffer.data(), bytes})) {
    journal("h2.error", "HTTP/2 connection error: " + session_->error(), {{"error", session_->error()}});
    closeAfterFlush_ = true;
  }
  flush();
  if (session_->alive() && !closeAfterFlush_) {
    doRead();
  }
}

void ApnsConnection::onRequest(ApnsRequest request) {
  const auto streamId = request.streamId;
  auto decision = settings_->service->handle(request, context_);
  if (context_.tokenValidated && !streamsLifted_) {
    streamsLifted_ = true;
    session_->setMaxConcurrentStreams(kAuthenticatedMaxStreams);
  }
  if (decision.delay.count() > 0) {
    auto timer = std::make_shared<asio::steady_timer>(io_->stream.get_executor(), decision.delay);
    timer->async_wait([self = shared_from_this(), timer, streamId, decision](const boost::system::error_code& ec) {
      if (!ec && !self->finished_) {
        self->carryOut(streamId, decision);
        self->flush();
      }
    });
    return;
  }
  carryOut(streamId, std::move(decision));
}

void ApnsConnection::carryOut(std::int32_t streamId, ApnsDecision decision) {
  switch (decision.kind) {
    case ApnsDecision::Kind::Respond:
      session_->respond(streamId, std::move(decision.response));
      break;
    case ApnsDecision::Kind::RstStream:
      session_->resetStream(streamId, decision.errorCode);
      break;
    case ApnsDecision::Kind::Goaway:
      // The stream that triggered it is left unprocessed (RFC 9113 §6.8), so a client retries it.
      session_->goaway(streamId > 2 ? streamId - 2 : 0, decision.errorCode, decision.goawayData);
      closeAfterFlush_ = true;
      break;
    case ApnsDecision::Kind::Close:
      finish("fault: close");
      break;
  }
}

void ApnsConnection::flush() {
  if (writing_ || finished_ || !session_) {
    return;
  }
  outgoing_.clear();  // keeps its capacity: the last write has completed
  session_->drainInto(outgoing_);
  if (outgoing_.empty()) {
    if (closeAfterFlush_ || !session_->alive()) {
      finish(session_->error().empty() ? "session done" : "h2 error: " + session_->error());
    }
    return;
  }
  writing_ = true;
  // One deadline covers the pending read and this write (tcp_stream has a single timer), so it
  // is the idle timeout: a shorter write deadline would cut idle connections early.
  beast::get_lowest_layer(io_->stream).expires_after(kApnsIdleTimeout);
  asio::async_write(io_->stream, asio::buffer(outgoing_),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) { self->onWrite(ec); });
}

void ApnsConnection::onWrite(const boost::system::error_code& ec) {
  writing_ = false;
  if (ec) {
    finish("write: " + ec.message());
    return;
  }
  flush();
  if (!finished_ && session_->alive() && !closeAfterFlush_) {
    doRead();
  }
}

void ApnsConnection::finish(const std::string& why) {
  if (finished_) {
    return;
  }
  finished_ = true;
  if (session_) {
    journal("connection.close", "close: " + why, {{"peer", peer_}, {"why", why}});
  }
  boost::system::error_code ignored;
  beast::get_lowest_layer(io_->stream).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(io_->stream).close();
}

}  // namespace oxh::push::apns
