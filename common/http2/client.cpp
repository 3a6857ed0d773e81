#include "common/http2/client.hpp"

#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <cstring>
#include <map>

#include "common/error/error.hpp"

namespace oxh::http2 {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

[[noreturn]] void fail(const std::string& id, const std::string& message) {
  throw OxhException(Error(id, message));
}

struct Stream {
  Response response;
  std::string body;
  std::size_t offset = 0;
  bool closed = false;
};

}  // namespace

struct Client::Impl {
  explicit Impl(const ClientOptions& options)
      : options_(options),
        tlsContext_([&] {
          auto tlsOptions = options.tls;
          tlsOptions.alpn = {"h2"};
          return tls::makeClientContext(tlsOptions);
        }()),
        stream_(context_, *tlsContext_) {}

  ~Impl() {
    if (session_ != nullptr) {
      nghttp2_session_del(session_);
    }
  }

  // Runs the io_context until `done` or the deadline; throws [oxh.http2.timeout].
  template <typename Done>
  void runUntil(const Done& done, SteadyClock::time_point deadline, const std::string& what) {
    while (!done()) {
      if (context_.stopped()) {
        context_.restart();
      }
      if (context_.run_one_until(deadline) == 0 && SteadyClock::now() >= deadline) {
        fail("oxh.http2.timeout", what + " timed out (" + options_.server.str() + ")");
      }
    }
  }

  void connect() {
    const auto deadline = SteadyClock::now() + options_.connectTimeout;
    const std::string host = options_.serverName.empty() ? options_.server.host : options_.serverName;
    if (!tls::setClientPeerName(stream_.native_handle(), host, options_.tls.caPem.has_value())) {
      fail("oxh.http2.tls", "OpenSSL rejected the peer name '" + host + "'");
    }
    tcp::resolver resolver(context_);
    boost::system::error_code ec;
    const auto endpoints = resolver.resolve(options_.server.host, std::to_string(options_.server.port), ec);
    if (ec) {
      fail("oxh.http2.connect", "cannot resolve " + options_.server.str() + ": " + ec.message());
    }
    bool done = false;
    asio::async_connect(stream_.lowest_layer(), endpoints, [&](boost::system::error_code e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    runUntil([&] { return done; }, deadline, "connecting");
    if (ec) {
      fail("oxh.http2.connect", "cannot connect to " + options_.server.str() + ": " + ec.message());
    }
    done = false;
    stream_.async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code e) {
      ec = e;
      done = true;
    });
    runUntil([&] { return done; }, deadline, "the TLS handshake");
    if (ec) {
      std::string detail = ec.message();
      const long verify = SSL_get_verify_result(stream_.native_handle());
      if (verify != X509_V_OK) {
        detail += " (certificate: " + std::string(X509_verify_cert_error_string(verify)) + ")";
      }
      fail("oxh.http2.tls", "TLS handshake with " + options_.server.str() + " failed: " + detail);
    }
    info_ = tls::describeSession(stream_.native_handle());
    if (info_.alpn != "h2") {
      fail("oxh.http2.alpn", options_.server.str() + " did not choose h2 by ALPN (got '" + info_.alpn + "')");
    }
    makeSession();
  }

  void makeSession() {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(
        callbacks, [](nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                      const std::uint8_t* value, std::size_t valuelen, std::uint8_t, void* user) {
          auto* stream = self(user).find(frame->hd.stream_id);
          if (stream == nullptr) {
            return 0;
          }
          std::string key(reinterpret_cast<const char*>(name), namelen);
          std::string text(reinterpret_cast<const char*>(value), valuelen);
          if (key == ":status") {
            stream->response.status = std::atoi(text.c_str());
          } else {
            stream->response.headers.emplace_back(std::move(key), std::move(text));
          }
          return 0;
        });
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
        callbacks,
        [](nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data, std::size_t len, void* user) {
          if (auto* stream = self(user).find(id)) {
            stream->response.body.append(reinterpret_cast<const char*>(data), len);
          }
          return 0;
        });
    nghttp2_session_callbacks_set_on_stream_close_callback(
        callbacks, [](nghttp2_session*, std::int32_t id, std::uint32_t code, void* user) {
          if (auto* stream = self(user).find(id)) {
            stream->closed = true;
            if (code != NGHTTP2_NO_ERROR) {
              stream->response.resetCode = code;
            }
          }
          return 0;
        });
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, [](nghttp2_session*, const nghttp2_frame* frame,
                                                                       void* user) {
      if (frame->hd.type == NGHTTP2_GOAWAY) {
        GoAway away;
        away.errorCode = frame->goaway.error_code;
        away.lastStreamId = frame->goaway.last_stream_id;
        away.debugData.assign(reinterpret_cast<const char*>(frame->goaway.opaque_data), frame->goaway.opaque_data_len);
        self(user).goAway_ = away;
      }
      return 0;
    });
    nghttp2_session_client_new(&session_, callbacks, this);
    nghttp2_session_callbacks_del(callbacks);
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
  }

  static Impl& self(void* user) { return *static_cast<Impl*>(user); }
  Stream* find(std::int32_t id) {
    auto it = streams_.find(id);
    return it == streams_.end() ? nullptr : it->second.get();
  }

  // Starts a write of whatever nghttp2 wants to send, and a read, unless already pending.
  void pump() {
    if (!writing_ && !broken_) {
      writeBuffer_.clear();
      const std::uint8_t* data = nullptr;
      for (ssize_t n; (n = nghttp2_session_mem_send(session_, &data)) > 0;) {
        writeBuffer_.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
      }
      if (!writeBuffer_.empty()) {
        writing_ = true;
        asio::async_write(stream_, asio::buffer(writeBuffer_), [this](boost::system::error_code ec, std::size_t) {
          writing_ = false;
          if (ec) {
            broken(ec.message());
          } else {
            pump();
          }
        });
      }
    }
    if (!reading_ && !broken_) {
      reading_ = true;
      stream_.async_read_some(asio::buffer(readBuffer_), [this](boost::system::error_code ec, std::size_t n) {
        reading_ = false;
        if (ec) {
          broken(ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ? "the server closed the connection"
                                                                                    : ec.message());
          return;
        }
        if (nghttp2_session_mem_recv(session_, readBuffer_.data(), n) < 0) {
          broken("HTTP/2 protocol error from the server");
          return;
        }
        pump();
      });
    }
  }

  void broken(std::string why) {
    if (!broken_) {
      broken_ = true;
      brokenWhy_ = std::move(why);
    }
  }

  Response request(const Request& request) {
    if (!usable()) {
      fail("oxh.http2.closed", "the connection to " + options_.server.str() + " is closed" +
                                   (brokenWhy_.empty() ? std::string() : ": " + brokenWhy_));
    }
    const auto deadline = SteadyClock::now() + request.timeout;
    std::string authority = options_.serverName.empty() ? options_.server.host : options_.serverName;
    if (options_.server.port != 443) {
      authority += ":" + std::to_string(options_.server.port);
    }
    HeaderList all{
        {":method", request.method}, {":scheme", "https"}, {":authority", authority}, {":path", request.path}};
    all.insert(all.end(), request.headers.begin(), request.headers.end());
    std::vector<nghttp2_nv> nva;
    for (auto& [name, value] : all) {
      // APNs asks for :path and authorization as literals without indexing (push.md 1.1).
      const bool sensitive = name == ":path" || name == "authorization";
      nva.push_back({reinterpret_cast<std::uint8_t*>(name.data()), reinterpret_cast<std::uint8_t*>(value.data()),
                     name.size(), value.size(),
                     static_cast<std::uint8_t>(sensitive ? NGHTTP2_NV_FLAG_NO_INDEX : NGHTTP2_NV_FLAG_NONE)});
    }
    // Heap-allocated so the data provider's pointer (nghttp2 keeps a copy) never moves.
    auto owned = std::make_unique<Stream>();
    owned->body = request.body;
    Stream& stream = *owned;
    nghttp2_data_provider provider{};
    provider.source.ptr = owned.get();
    provider.read_callback = [](nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t length,
                                std::uint32_t* flags, nghttp2_data_source* source, void*) -> ssize_t {
      auto* pending = static_cast<Stream*>(source->ptr);
      const auto n = std::min(length, pending->body.size() - pending->offset);
      std::memcpy(buf, pending->body.data() + pending->offset, n);
      pending->offset += n;
      if (pending->offset == pending->body.size()) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
      }
      return static_cast<ssize_t>(n);
    };
    const auto id = nghttp2_submit_request(session_, nullptr, nva.data(), nva.size(),
                                           request.body.empty() ? nullptr : &provider, nullptr);
    if (id < 0) {
      fail("oxh.http2.protocol", std::string("cannot submit the request: ") + nghttp2_strerror(id));
    }
    streams_[id] = std::move(owned);
    // A stream given up on stays allocated until the session ends: nghttp2 may still read it.
    const auto abandon = [&] {
      graveyard_.push_back(std::move(streams_[id]));
      streams_.erase(id);
    };
    pump();
    try {
      runUntil([&] { return stream.closed || broken_; }, deadline, "the HTTP/2 request " + request.path);
    } catch (...) {
      nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
      abandon();
      throw;
    }
    if (!stream.closed) {
      abandon();
      fail("oxh.http2.closed", "no answer to " + request.path + " from " + options_.server.str() + ": " + brokenWhy_ +
                                   (goAway_ ? " (GOAWAY " + goAway_->debugData + ")" : ""));
    }
    Response response = std::move(stream.response);
    streams_.erase(id);
    return response;
  }

  [[nodiscard]] bool usable() const {
    return !broken_ && !goAway_ && session_ != nullptr &&
           (nghttp2_session_want_read(session_) != 0 || nghttp2_session_want_write(session_) != 0);
  }

  ClientOptions options_;
  asio::io_context context_;
  std::shared_ptr<asio::ssl::context> tlsContext_;
  asio::ssl::stream<tcp::socket> stream_;
  nghttp2_session* session_ = nullptr;
  tls::TlsInfo info_;
  std::map<std::int32_t, std::unique_ptr<Stream>> streams_;
  std::vector<std::unique_ptr<Stream>> graveyard_;
  std::optional<GoAway> goAway_;
  std::string writeBuffer_;
  std::array<std::uint8_t, 16384> readBuffer_{};
  bool writing_ = false;
  bool reading_ = false;
  bool broken_ = false;
  std::string brokenWhy_;
};

std::optional<std::string> Response::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

std::unique_ptr<Client> Client::connect(const ClientOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  impl->connect();
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

Response Client::request(const Request& request) {
  return impl_->request(request);
}
bool Client::usable() const {
  return impl_->usable();
}
std::optional<GoAway> Client::goAway() const {
  return impl_->goAway_;
}
tls::TlsInfo Client::tlsInfo() const {
  return impl_->info_;
}

}  // namespace oxh::http2
