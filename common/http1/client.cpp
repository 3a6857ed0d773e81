// The blocking client: each call runs its own io_context on the calling thread, one async
// step at a time, so Beast's stream expiry bounds the whole exchange (a blocking socket
// could hang on a peer that accepts and never answers).
#include "common/http1/client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl.hpp>

#include "common/error/error.hpp"
#include "common/http1/ordered_parser.hpp"
#include "common/http1/url.hpp"
#include "common/http1/wire.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::http1 {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr std::uint64_t kResponseBodyLimit = 256ull * 1024 * 1024;

[[noreturn]] void fail(const std::string& id, const Url& url, const std::string& what) {
  throw OxhException(Error(id, url.scheme + "://" + url.hostHeader() + url.target + ": " + what));
}

// Runs one asynchronous step to completion on `context`.
template <class Start>
beast::error_code step(asio::io_context& context, Start start) {
  beast::error_code result;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  context.restart();
  context.run();
  return result;
}

HeaderList requestHeaders(const ClientRequest& request, const Url& url) {
  HeaderList headers;
  if (!findHeader(request.headers, "Host")) {
    headers.emplace_back("Host", url.hostHeader());  // RFC 9112 §3.2: Host comes first
  }
  headers.insert(headers.end(), request.headers.begin(), request.headers.end());
  if (request.body && !findHeader(request.headers, "Content-Length") &&
      !findHeader(request.headers, "Transfer-Encoding")) {
    headers.emplace_back("Content-Length", std::to_string(request.body->size()));
  }
  return headers;
}

template <class Stream>
ClientResponse exchange(asio::io_context& context, Stream& stream, const ClientRequest& request, const Url& url,
                        SteadyClock::time_point deadline) {
  auto& lowest = beast::get_lowest_layer(stream);
  const auto ioFailure = [&](beast::error_code ec, const std::string& what) {
    fail(ec == beast::error::timeout ? "oxh.http.timeout" : "oxh.http.protocol", url, what + ": " + ec.message());
  };
  const auto head = serializeRequestHead(request.method, url.target, requestHeaders(request, url));
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(head),
                                                  request.body ? asio::buffer(*request.body) : asio::const_buffer()};
  lowest.expires_at(deadline);
  if (auto ec = step(context, [&](auto handler) { asio::async_write(stream, buffers, std::move(handler)); })) {
    ioFailure(ec, "sending the request failed");
  }
  beast::flat_buffer buffer;
  OrderedParser<false> parser;
  parser.body_limit(kResponseBodyLimit);
  if (request.method == "HEAD") {
    parser.skip(true);  // RFC 9110 §9.3.2: no body follows, whatever Content-Length says
  }
  lowest.expires_at(deadline);
  if (auto ec = step(context, [&](auto handler) { http::async_read(stream, buffer, parser, std::move(handler)); })) {
    ioFailure(ec, "reading the response failed");
  }
  ClientResponse response;
  response.status = parser.status;
  response.reason = std::move(parser.reason);
  response.headers = std::move(parser.headers);
  response.body = std::move(parser.body);
  beast::error_code ignored;
  lowest.socket().close(ignored);
  return response;
}

}  // namespace

ClientResponse send(const ClientRequest& request) {
  const auto started = SteadyClock::now();
  const auto deadline = started + request.timeout;
  const auto url = Url::parse(request.url);
  if (!url) {
    throw OxhException(Error("oxh.http.bad-url", "not an http(s) URL: '" + request.url + "'"));
  }
  asio::io_context context;
  tcp::resolver resolver(context);
  tcp::resolver::results_type endpoints;
  auto ec = step(context, [&](auto handler) {
    resolver.async_resolve(
        url->host, std::to_string(url->port),
        [&endpoints, handler = std::move(handler)](beast::error_code e, tcp::resolver::results_type r) mutable {
          endpoints = std::move(r);
          handler(e);
        });
  });
  if (ec) {
    fail("oxh.http.connect", *url, "cannot resolve: " + ec.message());
  }

  const auto connect = [&](beast::tcp_stream& lowest) {
    lowest.expires_at(deadline);
    if (auto connectEc = step(context, [&](auto handler) { lowest.async_connect(endpoints, std::move(handler)); })) {
      fail(connectEc == beast::error::timeout ? "oxh.http.timeout" : "oxh.http.connect", *url,
           "cannot connect: " + connectEc.message());
    }
  };

  ClientResponse response;
  if (!url->secure()) {
    beast::tcp_stream stream(context);
    connect(stream);
    response = exchange(context, stream, request, *url, deadline);
  } else {
    tls::ClientTlsOptions options;
    options.minVersion = request.tlsMinVersion;
    options.caPem = request.caPem;
    auto tlsContext = tls::makeClientContext(options);
    beast::ssl_stream<beast::tcp_stream> stream(context, *tlsContext);
    if (!tls::setClientPeerName(stream.native_handle(), url->host, request.caPem.has_value())) {
      fail("oxh.http.tls", *url, "OpenSSL rejected the peer name");
    }
    connect(beast::get_lowest_layer(stream));
    beast::get_lowest_layer(stream).expires_at(deadline);
    ec = step(context,
              [&](auto handler) { stream.async_handshake(asio::ssl::stream_base::client, std::move(handler)); });
    if (ec) {
      std::string detail = ec.message();
      const long verify = SSL_get_verify_result(stream.native_handle());
      if (verify != X509_V_OK) {
        detail += " (certificate: " + std::string(X509_verify_cert_error_string(verify)) + ")";
      }
      fail(ec == beast::error::timeout ? "oxh.http.timeout" : "oxh.http.tls", *url, "TLS handshake failed: " + detail);
    }
    const auto version = tls::describeSession(stream.native_handle()).version;
    response = exchange(context, stream, request, *url, deadline);
    response.tlsVersion = version;
  }
  response.seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  return response;
}

}  // namespace oxh::http1
