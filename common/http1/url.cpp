#include "common/http1/url.hpp"

#include <cctype>

#include "common/net/endpoint.hpp"

namespace oxh::http1 {

std::string Url::hostHeader() const {
  const bool v6 = host.find(':') != std::string::npos;
  const std::string name = v6 ? "[" + host + "]" : host;
  return defaultPort() ? name : name + ":" + std::to_string(port);
}

std::optional<Url> Url::parse(std::string_view text) {
  Url url;
  const auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    return std::nullopt;
  }
  for (const char c : text.substr(0, sep)) {
    url.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (url.scheme != "http" && url.scheme != "https") {
    return std::nullopt;
  }
  auto rest = text.substr(sep + 3);
  const auto slash = rest.find_first_of("/?");
  const auto authority = rest.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (url.target.front() == '?') {
    url.target.insert(0, "/");
  }
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return std::nullopt;  // userinfo is deprecated for http(s) (RFC 9110 §4.2.4)
  }
  const bool bracketed = authority.front() == '[';
  const auto close = authority.find(']');
  const bool hasPort = bracketed ? (close != std::string_view::npos && close + 1 < authority.size())
                                 : authority.find(':') != std::string_view::npos;
  if (hasPort) {
    auto hostPort = net::HostPort::parse(authority);
    if (!hostPort) {
      return std::nullopt;
    }
    url.host = hostPort->host;
    url.port = hostPort->port;
  } else {
    if (bracketed && close != authority.size() - 1) {
      return std::nullopt;
    }
    url.host = std::string(bracketed ? authority.substr(1, authority.size() - 2) : authority);
    url.port = url.secure() ? 443 : 80;
  }
  if (url.host.empty()) {
    return std::nullopt;
  }
  return url;
}

}  // namespace oxh::http1
