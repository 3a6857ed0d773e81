#pragma once
// http/https URLs as scenario steps write them (RFC 3986 §3, authority with IPv6 brackets).
// Thread: value type.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oxh::http1 {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets
  std::uint16_t port = 0;
  std::string target;  // path and query, "/" when empty

  [[nodiscard]] bool secure() const { return scheme == "https"; }
  [[nodiscard]] bool defaultPort() const { return port == (secure() ? 443 : 80); }
  // The Host header value (RFC 9112 §3.2): port only when not the default.
  [[nodiscard]] std::string hostHeader() const;
  static std::optional<Url> parse(std::string_view text);
};

}  // namespace oxh::http1
