#pragma once
// A blocking HTTP/1.1 client for scenario steps and tests (http.request, the control plane
// clients). One connection per call; http and https URLs; TLS verification against a given
// CA PEM (or none, for probing fakes that misbehave on purpose).
// Thread: every call is independent; safe from any thread.
#include <chrono>
#include <optional>
#include <string>

#include "common/http1/message.hpp"

namespace oxh::http1 {

struct ClientRequest {
  std::string method = "GET";
  std::string url;  // "http://127.0.0.1:8080/path?q" or "https://..."
  HeaderList headers;  // sent in this order after Host; Content-Length is added when a body is set
  std::optional<std::string> body;
  std::chrono::milliseconds timeout{10000};  // whole exchange
  std::optional<std::string> caPem;          // https: trust this CA; unset = do not verify
  std::string tlsMinVersion = "TLSv1.2";
};

struct ClientResponse {
  int status = 0;
  std::string reason;
  HeaderList headers;
  std::string body;
  std::string tlsVersion;  // empty for http
  double seconds = 0;

  [[nodiscard]] std::optional<std::string> header(std::string_view name) const { return findHeader(headers, name); }
};

// Throws OxhException: [oxh.http.bad-url], [oxh.http.connect], [oxh.http.tls], [oxh.http.timeout],
// [oxh.http.protocol].
ClientResponse send(const ClientRequest& request);

}  // namespace oxh::http1
