#include "mock_apns_fcm/fcm/fcm_h2_connection.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cctype>

#include "common/journal/journal.hpp"
#include "common/net/timeouts.hpp"

namespace oxh::push::fcm {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// RFC 9113 §8.2.2: connection-specific header fields must not appear in HTTP/2.
bool connectionSpecific(const std::string& name) {
  return name == "connection" || name == "keep-alive" || name == "proxy-connection" || name == "transfer-encoding" ||
         name == "upgrade";
}

}  // namespace

FcmH2Connection::FcmH2Connection(http1::TlsHandoff& handoff, std::shared_ptr<const FcmH2Settings> settings)
    : stream_(std::move(handoff.stream)), id_(handoff.connectionId), peer_(handoff.peer), settings_(std::move(settings)) {
  boost::system::error_code ignored;
  // Many small frames on one connection: no Nagle delay behind the peer's delayed ACK.
  beast::get_lowest_layer(stream_).socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  base_.version = "HTTP/2";
  base_.peer = peer_;
  base_.connectionId = id_;
  base_.tlsVersion = handoff.tls.version;
  journal("connection.open", "open from " + peer_ + " " + handoff.tls.version + " alpn=h2",
          {{"peer", peer_},
           {"secure", true},
           {"tls", {{"version", handoff.tls.version}, {"cipher", handoff.tls.cipher}, {"alpn", handoff.tls.alpn}}}});
}

FcmH2Connection::~FcmH2Connection() = default;

void FcmH2Connection::journal(const std::string& kind, const std::string& summary, nlohmann::json data) {
  if (settings_->journal == nullptr) {
    return;
  }
  journal::Entry entry;
  entry.component = "fcm";
  entry.kind = kind;
  entry.connection = id_;
  entry.summary = summary;
  entry.data = std::move(data);
  settings_->journal->append(std::move(entry));
}

void FcmH2Connection::start() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    apns::H2SessionOptions options;
    options.bodyLimit = self->settings_->bodyLimit;
    options.maxConcurrentStreams = 100;  // what Google advertises is UNCONFIRMED
    options.lenientHttpMessaging = true;  // firebase-admin's ":scheme: https:" (h2_server_session.hpp)
    auto* raw = self.get();
    self->session_ = std::make_unique<apns::H2ServerSession>(
        options, [raw](apns::ApnsRequest request) { raw->onRequest(request); });
    self->session_->start();
    self->flush();
    self->doRead();
  });
}

void FcmH2Connection::close() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->finish("server stopped"); });
}

void FcmH2Connection::doRead() {
  if (reading_ || finished_) {
    return;
  }
  reading_ = true;
  beast::get_lowest_layer(stream_).expires_after(net::kIdleTimeout);
  stream_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](const boost::system::error_code& ec,
                                                                              std::size_t n) { self->onRead(ec, n); });
}

void FcmH2Connection::onRead(const boost::system::error_code& ec, std::size_t bytes) {
  reading_ = false;
  if (finished_) {
    return;
  }
  if (ec) {
    finish(ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ? "peer closed" : "read: " + ec.message());
    return;
  }
  if (!session_->receive({buffer_.data(), bytes})) {
    journal("h2.error", "HTTP/2 connection error: " + session_->error(), {{"error", session_->error()}});
  }
  flush();
  if (session_->alive()) {
    doRead();
  }
}

void FcmH2Connection::onRequest(const apns::ApnsRequest& h2) {
  ++requests_;
  http1::Request request = base_;
  request.method = h2.method;
  request.target = h2.path;
  if (!h2.authority.empty()) {
    request.headers.emplace_back("host", h2.authority);
  }
  if (h2.scheme != "https") {
    request.headers.emplace_back(":scheme", h2.scheme);  // kept for the journal: "https:" from firebase-admin
  }
  for (const auto& header : h2.headers) {
    request.headers.push_back(header);
  }
  http1::Response response;
  if (h2.bodySize > settings_->bodyLimit) {
    response = http1::Response::json(413, {{"error", "content too large"}, {"limit", settings_->bodyLimit}});
  } else if (h2.headersTooLarge) {
    response = http1::Response::json(431, {{"error", "request header fields too large"}});  // RFC 6585 §5
  } else {
    request.body = h2.body;
    try {
      response = settings_->handler(request);
    } catch (const std::exception& error) {
      response = http1::Response::json(500, {{"error", "handler failed"}, {"detail", error.what()}});
    }
  }
  journal("http.exchange", request.method + " " + request.target + " -> " + std::to_string(response.status),
          {{"request", http1::toJson(request)}, {"response", http1::toJson(response)}});
  apns::H2Response out;
  out.status = response.status;
  for (const auto& [name, value] : response.headers) {
    auto key = lower(name);
    if (!connectionSpecific(key)) {
      out.headers.emplace_back(std::move(key), value);
    }
  }
  out.body = std::move(response.body);
  session_->respond(h2.streamId, std::move(out));
}

void FcmH2Connection::flush() {
  if (writing_ || finished_ || !session_) {
    return;
  }
  outgoing_ = session_->drain();
  if (outgoing_.empty()) {
    if (!session_->alive()) {
      finish(session_->error().empty() ? "session done" : "h2 error: " + session_->error());
    }
    return;
  }
  writing_ = true;
  beast::get_lowest_layer(stream_).expires_after(net::kIdleTimeout);
  asio::async_write(stream_, asio::buffer(outgoing_),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      self->writing_ = false;
                      if (ec) {
                        return self->finish("write: " + ec.message());
                      }
                      self->flush();
                      if (!self->finished_ && self->session_->alive()) {
                        self->doRead();
                      }
                    });
}

void FcmH2Connection::finish(const std::string& why) {
  if (finished_) {
    return;
  }
  finished_ = true;
  nlohmann::json data{{"peer", peer_}, {"requests", requests_}, {"reason", why}};
  if (session_ && !session_->lastProtocolError().empty()) {
    data["h2_error"] = session_->lastProtocolError();
  }
  journal("connection.close", "close " + peer_ + " after " + std::to_string(requests_) + " request(s): " + why,
          std::move(data));
  boost::system::error_code ignored;
  beast::get_lowest_layer(stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(stream_).close();
}

}  // namespace oxh::push::fcm
