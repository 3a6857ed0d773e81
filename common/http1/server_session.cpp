// One HTTP/1.1 connection of a Server: read a request, answer it, repeat while keep-alive
// holds (RFC 9112 §9.3). Requests are handled strictly one after another, so pipelined
// requests (RFC 9112 §9.3.2) are answered in the order they arrived: their bytes wait in the
// read buffer until the previous response is written.
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl.hpp>
#include <algorithm>
#include <optional>

#include "common/http1/server_core.hpp"
#include "common/http1/tls_handoff.hpp"
#include "common/http1/wire.hpp"
#include "common/net/timeouts.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::http1 {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::uint32_t kHeaderLimit = 64 * 1024;

template <bool kTls>
class HttpSession : public ServerSession, public std::enable_shared_from_this<HttpSession<kTls>> {
  using Stream = std::conditional_t<kTls, beast::ssl_stream<beast::tcp_stream>, beast::tcp_stream>;

 public:
  HttpSession(std::shared_ptr<ServerCore> core, tcp::socket socket)
      : core_(std::move(core)), id_(core_->nextConnectionId()), stream_(makeStream(std::move(socket))) {
    boost::system::error_code ec;
    const auto remote = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    peer_ = ec ? std::string("?") : net::HostPort{remote.address().to_string(), remote.port()}.str();
  }

  void start() override {
    core_->track(id_, this->shared_from_this());
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->begin(); });
  }

  void close() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->closeReason_ = "server stopped";
      beast::get_lowest_layer(self->stream_).close();
    });
  }

 private:
  Stream makeStream(tcp::socket socket) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *core_->tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  auto self() { return this->shared_from_this(); }

  void begin() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(net::kHandshakeTimeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = self()](beast::error_code ec) { self->onHandshake(ec); });
    } else {
      journalOpen();
      doRead();
    }
  }

  void onHandshake(beast::error_code ec) {
    if (ec) {
      // Negative TLS scenarios (a TLS 1.1 client against the 1.2 floor) assert on this entry.
      core_->journal("connection.tls-failed", id_, "TLS handshake from " + peer_ + " failed: " + ec.message(),
                     {{"peer", peer_}, {"error", ec.message()}});
      finish("tls handshake failed", false);
      return;
    }
    if constexpr (kTls) {
      tlsInfo_ = tls::describeSession(stream_.native_handle());
      const auto& handoffAlpn = core_->options.handoffAlpn;
      if (core_->options.handoff && !tlsInfo_.alpn.empty() &&
          std::find(handoffAlpn.begin(), handoffAlpn.end(), tlsInfo_.alpn) != handoffAlpn.end()) {
        closed_ = true;  // no longer ours: nothing to close or journal here
        core_->untrack(id_);
        TlsHandoff handoff{std::move(stream_), id_, peer_, tlsInfo_};
        core_->options.handoff(handoff);
        return;
      }
    }
    journalOpen();
    doRead();
  }

  void journalOpen() {
    nlohmann::json data{{"peer", peer_}, {"secure", kTls}};
    std::string summary = "open from " + peer_;
    if (kTls) {
      data["tls"] = {{"version", tlsInfo_.version}, {"cipher", tlsInfo_.cipher}, {"alpn", tlsInfo_.alpn}};
      if (tlsInfo_.peerCertificate) {
        data["tls"]["clientCertificate"] = tlsInfo_.peerSubject;
      }
      summary +=
          " " + tlsInfo_.version + " " + tlsInfo_.cipher + (tlsInfo_.alpn.empty() ? "" : " alpn=" + tlsInfo_.alpn);
    }
    opened_ = true;
    core_->journal("connection.open", id_, summary, std::move(data));
  }

  void doRead() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(core_->options.bodyLimit);
    beast::get_lowest_layer(stream_).expires_after(net::kIdleTimeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = self()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
  }

  void onHeader(beast::error_code ec) {
    if (ec) {
      return onReadError(ec);
    }
    beast::get_lowest_layer(stream_).expires_after(net::kReadTimeout);
    const auto expect = findHeader(parser_->headers, "Expect").value_or("");
    // RFC 9110 §10.1.1: a client waiting on "100-continue" gets the interim response first.
    if (!parser_->is_done() && beast::iequals(expect, "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue), [self = self()](beast::error_code writeEc, std::size_t) {
        if (writeEc) {
          return self->finish("write failed: " + writeEc.message(), false);
        }
        self->readBody();
      });
      return;
    }
    readBody();
  }

  void readBody() {
    http::async_read(stream_, buffer_, *parser_, [self = self()](beast::error_code ec, std::size_t) {
      if (ec) {
        return self->onReadError(ec);
      }
      self->handle();
    });
  }

  void onReadError(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == asio::error::eof ||
        ec == asio::ssl::error::stream_truncated) {
      return finish(parser_->got_some() ? "peer closed mid-request" : "peer closed", false);
    }
    if (ec == beast::error::timeout) {
      return finish(parser_->got_some() ? "read timeout" : "idle timeout", false);
    }
    if (ec == http::error::body_limit) {
      // RFC 9110 §15.5.14: 413, then close, since the rest of the body is still on the wire.
      Request request = toRequest(*parser_, peer_, id_, tlsInfo_.version);
      request.body.clear();
      return respond(std::move(request),
                     Response::json(413, {{"error", "content too large"}, {"limit", core_->options.bodyLimit}}), false,
                     "body limit");
    }
    if (ec.category() == beast::error_code(http::error::bad_target).category()) {
      // RFC 9112 §2.2: a malformed request gets 400 and the connection is closed.
      return respondMalformed(ec);
    }
    finish("read failed: " + ec.message(), false);
  }

  void respondMalformed(beast::error_code ec) {
    Response response = Response::json(400, {{"error", "bad request"}, {"detail", ec.message()}});
    core_->journal("http.malformed", id_, "malformed request from " + peer_ + ": " + ec.message() + " -> 400",
                   {{"error", ec.message()}, {"peer", peer_}});
    write(std::move(response), false, false, "malformed request", std::nullopt);
  }

  void handle() {
    const bool keepAlive = parser_->keep_alive() && !core_->stopped;
    Request request = toRequest(*parser_, peer_, id_, tlsInfo_.version);
    Response response;
    try {
      response = core_->handler(request);
    } catch (const std::exception& error) {
      response = Response::json(500, {{"error", "handler failed"}, {"detail", error.what()}});
    }
    respond(std::move(request), std::move(response), keepAlive, {});
  }

  void respond(Request request, Response response, bool keepAlive, std::string closeReason) {
    ++requests_;
    write(std::move(response), keepAlive, request.method == "HEAD", std::move(closeReason), std::move(request));
  }

  void write(Response response, bool keepAlive, bool head, std::string closeReason, std::optional<Request> request) {
    const bool http10 = request && request->version == "HTTP/1.0";
    WireResponse wire;
    try {
      wire = toWire(response, keepAlive, head, http10);
    } catch (const std::exception& error) {
      response = Response::json(500, {{"error", "handler response unusable"}, {"detail", error.what()}});
      wire = toWire(response, keepAlive, head, http10);
    }
    keepAlive = wire.keepAlive;
    if (request) {
      const auto summary = request->method + " " + request->target + " -> " + std::to_string(response.status);
      core_->journal("http.exchange", id_, summary,
                     {{"request", toJson(*request)}, {"response", toJson(wire.journaled)}});
    }
    head_ = std::move(wire.head);
    body_ = std::move(wire.body);
    beast::get_lowest_layer(stream_).expires_after(net::kWriteTimeout);
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
    asio::async_write(stream_, buffers,
                      [self = self(), keepAlive, reason = std::move(closeReason)](beast::error_code ec, std::size_t) {
                        if (ec) {
                          return self->finish("write failed: " + ec.message(), false);
                        }
                        if (keepAlive) {
                          return self->doRead();
                        }
                        self->finish(reason.empty() ? "connection: close" : reason, true);
                      });
  }

  // Ends the connection. `graceful`: we close after a response, so say goodbye properly
  // (TLS close_notify, then a half-close and a short drain so the peer reads our last
  // response instead of a reset caused by its own unread bytes).
  void finish(std::string reason, bool graceful) {
    if (closeReason_.empty()) {
      closeReason_ = std::move(reason);
    }
    if (!graceful || core_->stopped) {
      return closeNow();
    }
    beast::get_lowest_layer(stream_).expires_after(net::kShutdownTimeout);
    if constexpr (kTls) {
      stream_.async_shutdown([self = self()](beast::error_code) { self->drain(); });
    } else {
      drain();
    }
  }

  void drain() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
    beast::get_lowest_layer(stream_).async_read_some(asio::buffer(scratch_),
                                                     [self = self()](beast::error_code ec, std::size_t) {
                                                       if (ec) {
                                                         return self->closeNow();
                                                       }
                                                       self->drain();
                                                     });
  }

  void closeNow() {
    beast::get_lowest_layer(stream_).close();
    if (closed_) {
      return;
    }
    closed_ = true;
    core_->untrack(id_);
    if (opened_) {
      core_->journal("connection.close", id_,
                     "close " + peer_ + " after " + std::to_string(requests_) + " request(s): " + closeReason_,
                     {{"peer", peer_}, {"requests", requests_}, {"reason", closeReason_}});
    }
  }

  std::shared_ptr<ServerCore> core_;
  std::string id_;
  Stream stream_;
  std::string peer_;
  tls::TlsInfo tlsInfo_;
  beast::flat_buffer buffer_;
  std::optional<OrderedParser<true>> parser_;
  std::string head_;  // the response being written
  std::string body_;
  std::array<char, 4096> scratch_{};
  std::uint64_t requests_ = 0;
  std::string closeReason_;
  bool opened_ = false;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<ServerSession> makeServerSession(const std::shared_ptr<ServerCore>& core, tcp::socket socket) {
  if (core->tls) {
    return std::make_shared<HttpSession<true>>(core, std::move(socket));
  }
  return std::make_shared<HttpSession<false>>(core, std::move(socket));
}

}  // namespace oxh::http1
