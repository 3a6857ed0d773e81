#pragma once
// HTTP/1.1 messages as the harness sees them: headers kept in wire order with their original
// spelling, because fidelity checks (Dovecot's header order, say) need exactly that.
// Thread: value types.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace oxh::http1 {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive lookup of the first header with this name.
std::optional<std::string> findHeader(const HeaderList& headers, std::string_view name);

struct Request {
  std::string method;        // "PUT"
  std::string target;        // "/preliminary/http-notify/v1/notify?x=1"
  std::string version = "HTTP/1.1";
  HeaderList headers;
  std::string body;
  std::string peer;          // "127.0.0.1:53422"
  std::string connectionId;  // "c7", unique per server
  std::string tlsVersion;    // "TLSv1.3", empty for plain TCP

  [[nodiscard]] std::string path() const;   // target without the query
  [[nodiscard]] std::string query() const;  // after '?', empty when none
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const { return findHeader(headers, name); }
};

struct Response {
  int status = 200;
  std::string reason;  // empty: the standard reason phrase for the status
  HeaderList headers;
  std::string body;

  [[nodiscard]] std::optional<std::string> header(std::string_view name) const { return findHeader(headers, name); }
  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body);
};

// The JSON shape in which journals and reports carry an exchange.
nlohmann::json toJson(const Request& request);
nlohmann::json toJson(const Response& response);

}  // namespace oxh::http1
