#pragma once
// A small HTTP/1.1 server on Beast for the fakes and the control plane. Keep-alive,
// optional TLS (policy from common/tls), a body size limit, and one journal entry per
// exchange (kind "http.exchange", data {request, response}) plus connection open/close
// entries (kind "connection.open"/"connection.close", with TLS version, cipher, ALPN).
// Malformed requests get 400 and the connection is closed; the server lives on.
// Thread: handlers run on the io_context's threads, one connection at a time per strand;
// a handler must be thread-safe if the io_context has several threads.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "common/http1/message.hpp"
#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "common/tls/certificate_authority.hpp"

namespace oxh::tls {
struct TlsPolicy;
}  // namespace oxh::tls

namespace oxh::http1 {

using Handler = std::function<Response(const Request&)>;
struct TlsHandoff;  // common/http1/tls_handoff.hpp

struct ServerOptions {
  net::HostPort listen{"127.0.0.1", 0};  // port 0: the OS picks; endpoint() tells which
  std::string component = "http";         // journal component name
  journal::Journal* journal = nullptr;    // not owned; may be null
  std::size_t bodyLimit = 8 * 1024 * 1024;
  // TLS: when set, every connection must start with a TLS handshake under this policy,
  // with a leaf certificate for `tlsHostNames` issued by `authority`.
  std::shared_ptr<const tls::TlsPolicy> tls;
  std::shared_ptr<tls::CertificateAuthority> authority;
  std::vector<std::string> tlsHostNames{"localhost", "127.0.0.1"};
  tls::LeafOptions tlsLeaf;  // validity and backdate of that leaf (an expired one for negative tests)
  // One TLS port for HTTP/1.1 and another protocol (RFC 7301): a connection whose handshake
  // negotiated an ALPN protocol listed here (say "h2", offered in tls->alpn) is given to
  // `handoff`, which owns it from then on; Server::stop() no longer closes it.
  std::vector<std::string> handoffAlpn;
  std::function<void(TlsHandoff&)> handoff;
};

class Server {
 public:
  Server(boost::asio::io_context& context, ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting; throws OxhException [oxh.net.listen] when the address is taken.
  void start();
  void stop();  // stops accepting and closes open connections
  [[nodiscard]] net::HostPort endpoint() const;
  [[nodiscard]] bool secure() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Routes by method and path. Paths are exact ("/a/b") or prefixes ending in "*" ("/_oxh/control/*").
// No route: 404; a route with other methods: 405 with Allow.
class Router {
 public:
  void add(std::string method, std::string path, Handler handler);
  [[nodiscard]] Response route(const Request& request) const;
  [[nodiscard]] Handler handler() const;  // a Handler that calls route(); the Router must outlive it

 private:
  struct Route {
    std::string method;
    std::string path;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace oxh::http1
