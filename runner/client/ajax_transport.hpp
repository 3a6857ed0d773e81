#pragma once
// How the reference mobile client reaches the App Suite /ajax API: one request, one answer, or
// "unreachable" (connect refused, reset, timeout, a cut response, HTTP 5xx) so the caller keeps
// its operation queued. HttpAjaxTransport speaks HTTP/1.1 over common/http1 and journals every
// exchange (component "client", kind "client.request"); tests substitute an in-memory server.
// Thread: one transport per client, used from the thread that drives the client.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/journal/journal.hpp"

namespace oxh::client {

struct AjaxRequest {
  std::string method = "GET";
  std::string path;  // "/ajax/mail"
  std::vector<std::pair<std::string, std::string>> query;  // encoded by the transport
  std::optional<std::string> body;
  std::string contentType;
  bool withSession = true;  // adds session=... and the secret cookie
};

struct AjaxReply {
  bool reachable = false;  // false: no usable answer (the operation stays queued)
  int status = 0;
  nlohmann::json body;  // parsed JSON (the envelope), null when not JSON
  std::vector<std::pair<std::string, std::string>> headers;
  std::string error;  // why unreachable

  // The App Suite error code ("MSG-0032"), empty when the envelope has none.
  [[nodiscard]] std::string code() const {
    return body.is_object() && body.contains("code") && body["code"].is_string() ? body["code"].get<std::string>() : "";
  }
};

class AjaxTransport {
 public:
  virtual ~AjaxTransport() = default;
  // `session`/`cookie` are the client's login state (empty before login).
  virtual AjaxReply call(const AjaxRequest& request, const std::string& session, const std::string& cookie) = 0;
};

class HttpAjaxTransport : public AjaxTransport {
 public:
  // `journal` must outlive the transport. `baseUrl` is "http://host:port" (or https with caPem).
  HttpAjaxTransport(std::string baseUrl, journal::Journal& journal, std::string clientName,
                    std::optional<std::string> caPem = std::nullopt,
                    std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  AjaxReply call(const AjaxRequest& request, const std::string& session, const std::string& cookie) override;

 private:
  std::string baseUrl_;
  journal::Journal& journal_;
  std::string clientName_;
  std::optional<std::string> caPem_;
  std::chrono::milliseconds timeout_;
};

}  // namespace oxh::client
