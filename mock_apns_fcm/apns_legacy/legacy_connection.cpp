#include "mock_apns_fcm/apns_legacy/legacy_connection.hpp"

#include <openssl/ssl.h>

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "common/journal/journal.hpp"
#include "common/net/timeouts.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::push::apns {

namespace asio = boost::asio;
namespace beast = boost::beast;

struct LegacyConnection::Io {
  Io(asio::ip::tcp::socket socket, asio::ssl::context& tls) : stream(beast::tcp_stream(std::move(socket)), tls) {}
  beast::ssl_stream<beast::tcp_stream> stream;
  std::array<char, 16384> buffer{};
};

LegacyConnection::LegacyConnection(asio::ip::tcp::socket socket, std::string id,
                                   std::shared_ptr<const LegacyConnectionSettings> settings)
    : settings_(std::move(settings)), id_(std::move(id)) {
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  peer_ = ec ? "?" : remote.address().to_string() + ":" + std::to_string(remote.port());
  io_ = std::make_unique<Io>(std::move(socket), *settings_->tls);
}

LegacyConnection::~LegacyConnection() = default;

void LegacyConnection::journal(const std::string& kind, const std::string& summary, nlohmann::json data) {
  if (settings_->shared->journal == nullptr) {
    return;
  }
  journal::Entry entry;
  entry.component = kLegacyComponent;
  entry.kind = kind;
  entry.connection = id_;
  entry.summary = summary;
  entry.data = std::move(data);
  settings_->shared->journal->append(std::move(entry));
}

void LegacyConnection::start() {
  asio::dispatch(io_->stream.get_executor(), [self = shared_from_this()] {
    beast::get_lowest_layer(self->io_->stream).expires_after(net::kHandshakeTimeout);
    self->io_->stream.async_handshake(asio::ssl::stream_base::server,
                                      [self](const boost::system::error_code& ec) { self->onHandshake(ec); });
  });
}

void LegacyConnection::close() {
  asio::post(io_->stream.get_executor(), [self = shared_from_this()] { self->finish("server stopped"); });
}

void LegacyConnection::onHandshake(const boost::system::error_code& ec) {
  const char* role = settings_->role == LegacyRole::Gateway ? "gateway" : "feedback";
  if (ec) {
    journal("connection.tls-failed", std::string(role) + " TLS handshake from " + peer_ + " failed: " + ec.message(),
            {{"peer", peer_}, {"role", role}, {"error", ec.message()}});
    finish("tls handshake failed");
    return;
  }
  opened_ = true;
  SSL* ssl = io_->stream.native_handle();
  const auto info = tls::describeSession(ssl);
  std::optional<CertificateIdentity> certificate;
  nlohmann::json data{{"peer", peer_}, {"role", role}, {"tls", {{"version", info.version}, {"cipher", info.cipher}}}};
  if (X509* x509 = SSL_get0_peer_certificate(ssl)) {
    certificate = describeCertificate(x509);
    data["tls"]["clientCertificate"] = certificate->subject;
  }
  journal("connection.open", std::string(role) + " open from " + peer_ + " " + info.version, std::move(data));

  const auto environment = settings_->shared->validation.environment;
  const bool environmentOk = certificate && (environment == Environment::Sandbox ? certificate->sandbox : certificate->production);
  if (settings_->requireEnvironmentOid && !environmentOk) {
    finish(std::string("certificate is not for the ") + std::string(environmentName(environment)) + " environment");
    return;
  }
  if (settings_->role == LegacyRole::Feedback) {
    const auto tuples = settings_->shared->feedback->collect(*settings_->shared->devices, environment,
                                                             certificate ? &*certificate : nullptr);
    auto tokens = nlohmann::json::array();
    for (const auto& tuple : tuples) {
      tokens.push_back({{"token", tuple.tokenHex}, {"time", tuple.time}});
    }
    journal("feedback", "feedback: " + std::to_string(tuples.size()) + " unregistered token(s)", {{"tokens", tokens}});
    send(LegacyFeedback::encode(tuples), true, "feedback sent");
    return;
  }
  session_ = std::make_unique<LegacyGatewaySession>(*settings_->shared, id_, std::move(certificate));
  doRead();
}

void LegacyConnection::doRead() {
  if (finished_) {
    return;
  }
  beast::get_lowest_layer(io_->stream).expires_after(lingering_ ? std::chrono::milliseconds(net::kShutdownTimeout)
                                                                 : settings_->idleTimeout);
  io_->stream.async_read_some(asio::buffer(io_->buffer),
                              [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                                self->onRead(ec, n);
                              });
}

void LegacyConnection::onRead(const boost::system::error_code& ec, std::size_t bytes) {
  if (finished_) {
    return;
  }
  if (ec) {
    if (lingering_) {
      finish(closeWhy_);
    } else if (ec == beast::error::timeout) {
      finish("idle timeout");
    } else {
      finish(ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ? "client closed" : "read: " + ec.message());
    }
    return;
  }
  if (lingering_) {
    doRead();  // discarded: [A4] drops what follows a bad notification
    return;
  }
  auto out = session_->receive({io_->buffer.data(), bytes});
  if (out.close) {
    send(std::move(out.write), true, out.why);
    return;
  }
  doRead();
}

void LegacyConnection::send(std::string bytes, bool thenClose, std::string why) {
  closeAfterWrite_ = thenClose;
  closeWhy_ = std::move(why);
  if (bytes.empty()) {
    if (thenClose) {
      linger();
    }
    return;
  }
  outgoing_ = std::move(bytes);
  beast::get_lowest_layer(io_->stream).expires_after(net::kWriteTimeout);
  asio::async_write(io_->stream, asio::buffer(outgoing_),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) { self->onWrite(ec); });
}

void LegacyConnection::onWrite(const boost::system::error_code& ec) {
  if (finished_) {
    return;
  }
  if (ec) {
    finish("write: " + ec.message());
    return;
  }
  if (closeAfterWrite_) {
    linger();
  }
}

void LegacyConnection::linger() {
  // FIN after the last bytes, then read (and drop) until the client closes or a short
  // deadline: closing with unread input would send a reset that can destroy the packet.
  lingering_ = true;
  boost::system::error_code ignored;
  beast::get_lowest_layer(io_->stream).socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  doRead();
}

void LegacyConnection::finish(const std::string& why) {
  if (finished_) {
    return;
  }
  finished_ = true;
  if (opened_) {
    journal("connection.close", "close: " + why, {{"peer", peer_}, {"why", why}});
  }
  boost::system::error_code ignored;
  beast::get_lowest_layer(io_->stream).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(io_->stream).close();
}

}  // namespace oxh::push::apns
