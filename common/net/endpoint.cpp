#include "common/net/endpoint.hpp"

#include <charconv>

namespace oxh::net {

std::string HostPort::str() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<HostPort> HostPort::parse(std::string_view text) {
  HostPort out;
  std::string_view portText;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::nullopt;
    }
    out.host = std::string(text.substr(1, close - 1));
    portText = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) {
      return std::nullopt;
    }
    out.host = std::string(text.substr(0, colon));
    portText = text.substr(colon + 1);
  }
  unsigned value = 0;
  const auto* end = portText.data() + portText.size();
  const auto [ptr, ec] = std::from_chars(portText.data(), end, value);
  if (out.host.empty() || portText.empty() || ec != std::errc() || ptr != end || value > 65535) {
    return std::nullopt;
  }
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

}  // namespace oxh::net
