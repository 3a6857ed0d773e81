#include "runner/client/ajax_transport.hpp"

#include <cstdio>

#include "common/error/error.hpp"
#include "common/http1/client.hpp"
#include "common/http1/query.hpp"

namespace oxh::client {

HttpAjaxTransport::HttpAjaxTransport(std::string baseUrl, journal::Journal& journal, std::string clientName,
                                     std::optional<std::string> caPem, std::chrono::milliseconds timeout)
    : baseUrl_(std::move(baseUrl)), journal_(journal), clientName_(std::move(clientName)), caPem_(std::move(caPem)),
      timeout_(timeout) {
  while (!baseUrl_.empty() && baseUrl_.back() == '/') baseUrl_.pop_back();
}

AjaxReply HttpAjaxTransport::call(const AjaxRequest& request, const std::string& session, const std::string& cookie) {
  http1::ClientRequest http;
  http.method = request.method;
  std::string query;
  auto add = [&](const std::string& key, const std::string& value) {
    query += (query.empty() ? "?" : "&") + http1::percentEncode(key) + "=" + http1::percentEncode(value);
  };
  for (const auto& [key, value] : request.query) add(key, value);
  if (request.withSession && !session.empty()) add("session", session);
  http.url = baseUrl_ + request.path + query;
  http.headers.emplace_back("User-Agent", "OpenXchange.iOS.Mail/1.0.6 (OS: 10.0.3; device: oxharness)");
  if (request.withSession && !cookie.empty()) http.headers.emplace_back("Cookie", cookie);
  if (request.body) {
    http.body = *request.body;
    http.headers.emplace_back("Content-Type", request.contentType.empty() ? "application/json" : request.contentType);
  }
  http.timeout = timeout_;
  http.caPem = caPem_;
  AjaxReply reply;
  std::string what = request.method + " " + request.path + query;
  if (!session.empty()) {
    const auto at = what.find(session);
    if (at != std::string::npos) what.replace(at, session.size(), "…");
  }
  try {
    const auto response = http1::send(http);
    reply.status = response.status;
    reply.headers = response.headers;
    reply.body = nlohmann::json::parse(response.body, nullptr, false);
    if (reply.body.is_discarded()) reply.body = nullptr;
    // A 5xx is the server (or a proxy before it) being unavailable: try again later.
    reply.reachable = response.status < 500;
    if (!reply.reachable) reply.error = "HTTP " + std::to_string(response.status);
  } catch (const std::exception& error) {
    reply.reachable = false;
    reply.error = error.what();
  }
  journal::Entry entry;
  entry.component = "client";
  entry.kind = "client.request";
  entry.connection = clientName_;
  entry.summary = clientName_ + " " + what + " -> " + (reply.reachable ? std::to_string(reply.status) : "unreachable: " + reply.error);
  entry.data = {{"client", clientName_}, {"method", request.method}, {"path", request.path}, {"query", query},
                {"reachable", reply.reachable}, {"status", reply.status}, {"error", reply.error},
                {"code", reply.code()}, {"body", request.body ? nlohmann::json(request.body->substr(0, 2000)) : nlohmann::json()}};
  journal_.append(std::move(entry));
  return reply;
}

}  // namespace oxh::client
