#pragma once
// A blocking HTTP/2 client (RFC 9113) over TLS with ALPN "h2": one connection, many requests,
// as APNs providers keep it (push.md 1.1). nghttp2 drives the session socket-free (bytes in,
// bytes out); the socket work runs on the client's own io_context inside each call, so it never
// needs (or blocks) anybody else's io_context.
// Thread: one caller at a time (guard with a mutex when shared); no background threads.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/net/endpoint.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::http2 {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ClientOptions {
  net::HostPort server;
  std::string serverName;     // SNI and :authority host; empty = server.host
  tls::ClientTlsOptions tls;  // alpn is forced to {"h2"}; certPem/keyPem for client certificates
  std::chrono::milliseconds connectTimeout{5000};
};

struct Request {
  std::string method = "POST";
  std::string path = "/";
  HeaderList headers;  // regular headers, sent after the pseudo-headers, in order
  std::string body;
  std::chrono::milliseconds timeout{10000};
};

struct Response {
  int status = 0;
  HeaderList headers;
  std::string body;
  std::optional<std::uint32_t> resetCode;  // RST_STREAM error code when the stream was reset

  [[nodiscard]] std::optional<std::string> header(const std::string& name) const;
};

struct GoAway {
  std::uint32_t errorCode = 0;
  std::int32_t lastStreamId = 0;
  std::string debugData;  // APNs puts {"reason":"..."} here
};

class Client {
 public:
  // Connects, handshakes and checks that the server chose h2. Throws OxhException
  // [oxh.http2.connect], [oxh.http2.tls], [oxh.http2.alpn], [oxh.http2.timeout].
  static std::unique_ptr<Client> connect(const ClientOptions& options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request and waits for its response. Throws OxhException [oxh.http2.timeout],
  // [oxh.http2.closed] (connection lost or GOAWAY before an answer), [oxh.http2.protocol].
  Response request(const Request& request);

  // False after the peer closed, sent GOAWAY, or an I/O error; a caller then reconnects.
  [[nodiscard]] bool usable() const;
  [[nodiscard]] std::optional<GoAway> goAway() const;
  [[nodiscard]] tls::TlsInfo tlsInfo() const;

  struct Impl;

 private:
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace oxh::http2
