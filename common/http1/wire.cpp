#include "common/http1/wire.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>

#include "common/error/error.hpp"

namespace oxh::http1 {

namespace http = boost::beast::http;

Request toRequest(OrderedParser<true>& parser, std::string peer, std::string connectionId, std::string tlsVersion) {
  Request request;
  request.method = std::move(parser.method);
  request.target = std::move(parser.target);
  request.version = parser.versionText();
  request.headers = std::move(parser.headers);
  request.body = std::move(parser.body);
  request.peer = std::move(peer);
  request.connectionId = std::move(connectionId);
  request.tlsVersion = std::move(tlsVersion);
  return request;
}

std::string standardReason(int status) {
  const auto known = http::int_to_status(static_cast<unsigned>(status));
  return known == http::status::unknown ? std::string("Unknown") : std::string(http::obsolete_reason(known));
}

namespace {

bool hasToken(std::string_view value, std::string_view token) {
  // Connection is a comma-separated token list (RFC 9110 §7.6.1), compared case-insensitively.
  while (!value.empty()) {
    const auto comma = value.find(',');
    auto item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) {
      item.remove_prefix(1);
    }
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) {
      item.remove_suffix(1);
    }
    if (boost::beast::iequals(item, token)) {
      return true;
    }
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  return false;
}

void appendFields(std::string& out, const HeaderList& headers) {
  for (const auto& [name, value] : headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "\r\n";
}

}  // namespace

WireResponse toWire(Response response, bool keepAlive, bool head, bool http10) {
  if (response.status < 100 || response.status > 999) {
    throw OxhException(Error("oxh.http.bad-status", "status " + std::to_string(response.status) + " is not 3 digits"));
  }
  if (response.reason.empty()) {
    response.reason = standardReason(response.status);
  }
  const auto connection = response.header("Connection");
  if (connection && hasToken(*connection, "close")) {
    keepAlive = false;
  } else if (!connection && !keepAlive) {
    response.headers.emplace_back("Connection", "close");
  } else if (!connection && http10) {
    // RFC 9112 §9.3: an HTTP/1.0 peer only keeps the connection when told so.
    response.headers.emplace_back("Connection", "keep-alive");
  }
  // RFC 9110 §8.6: no Content-Length on 1xx and 204; 304 may omit it. A handler that sets
  // Content-Length itself (even a wrong one, for fault scenarios) is sent as it wrote it.
  const bool bodyless = response.status < 200 || response.status == 204 || response.status == 304;
  if (!bodyless && !response.header("Content-Length") && !response.header("Transfer-Encoding")) {
    response.headers.emplace_back("Content-Length", std::to_string(response.body.size()));
  }
  if (head || bodyless) {
    response.body.clear();
  }

  WireResponse out;
  out.keepAlive = keepAlive;
  out.head = std::string(http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + std::to_string(response.status) + " " + response.reason +
             "\r\n";
  appendFields(out.head, response.headers);
  out.body = response.body;
  out.journaled = std::move(response);
  return out;
}

std::string serializeRequestHead(const std::string& method, const std::string& target, const HeaderList& headers) {
  std::string head = method + " " + target + " HTTP/1.1\r\n";
  appendFields(head, headers);
  return head;
}

}  // namespace oxh::http1
