#pragma once
// "host:port" addresses as topologies and CLIs write them ("127.0.0.1:10143", "[::1]:993",
// "localhost:0"). Thread: value type.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oxh::net {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;

  [[nodiscard]] std::string str() const;  // brackets IPv6 literals
  static std::optional<HostPort> parse(std::string_view text);
};

}  // namespace oxh::net
