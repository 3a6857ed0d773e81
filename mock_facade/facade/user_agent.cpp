#include "mock_facade/facade/user_agent.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace oxh::facade::mobile {

namespace {

constexpr std::array<std::string_view, 6> kOsNames{"Android", "iOS", "OSX", "Windows", "WP", "Swagger"};

std::optional<int> number(std::string_view text) {
  if (text.empty() || text.size() > 9 || (text.size() > 1 && text[0] == '0')) {
    return std::nullopt;
  }
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<int>> numericParts(std::string_view text, std::size_t minParts, std::size_t maxParts) {
  std::vector<int> out;
  while (true) {
    const auto dot = text.find('.');
    const auto part = number(text.substr(0, dot));
    if (!part) {
      return std::nullopt;
    }
    out.push_back(*part);
    if (dot == std::string_view::npos) {
      break;
    }
    text.remove_prefix(dot + 1);
  }
  if (out.size() < minParts || out.size() > maxParts) {
    return std::nullopt;
  }
  return out;
}

bool identifierChars(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
  });
}

int compareNumbers(const std::vector<int>& a, const std::vector<int>& b) {
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const int x = i < a.size() ? a[i] : 0;
    const int y = i < b.size() ? b[i] : 0;
    if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

bool fail(std::string* why, std::string text) {
  if (why != nullptr) {
    *why = std::move(text);
  }
  return false;
}

}  // namespace

std::optional<ClientVersion> ClientVersion::parse(std::string_view text) {
  ClientVersion version;
  version.text = std::string(text);
  if (const auto plus = text.find('+'); plus != std::string_view::npos) {
    version.build = std::string(text.substr(plus + 1));
    if (!identifierChars(version.build)) {
      return std::nullopt;
    }
    text = text.substr(0, plus);
  }
  if (const auto dash = text.find('-'); dash != std::string_view::npos) {
    version.preRelease = std::string(text.substr(dash + 1));
    if (!identifierChars(version.preRelease)) {
      return std::nullopt;
    }
    text = text.substr(0, dash);
  }
  // Semver wants three parts; the facade's own example "1.0+1234" has two, so two are accepted.
  auto parts = numericParts(text, 2, 3);
  if (!parts) {
    return std::nullopt;
  }
  version.numbers = std::move(*parts);
  return version;
}

int ClientVersion::compare(const ClientVersion& other) const {
  if (const int c = compareNumbers(numbers, other.numbers); c != 0) {
    return c;
  }
  if (preRelease == other.preRelease) {
    return 0;
  }
  if (preRelease.empty()) {
    return 1;
  }
  if (other.preRelease.empty()) {
    return -1;
  }
  return preRelease < other.preRelease ? -1 : 1;
}

std::optional<UserAgent> parseUserAgent(std::string_view header, std::string* why) {
  const auto mail = header.find(".Mail/");
  if (mail == std::string_view::npos) {
    fail(why, "no '{branding}.{OS}.Mail/' product token");
    return std::nullopt;
  }
  const auto product = header.substr(0, mail);
  const auto osDot = product.rfind('.');
  if (osDot == std::string_view::npos || osDot == 0) {
    fail(why, "no '{branding}.{OS}' before '.Mail/'");
    return std::nullopt;
  }
  UserAgent agent;
  agent.branding = std::string(product.substr(0, osDot));
  agent.os = std::string(product.substr(osDot + 1));
  if (std::find(kOsNames.begin(), kOsNames.end(), agent.os) == kOsNames.end()) {
    fail(why, "unknown OS '" + agent.os + "' (Android, iOS, OSX, Windows, WP, Swagger)");
    return std::nullopt;
  }
  if (!identifierChars(agent.branding)) {
    fail(why, "bad branding '" + agent.branding + "'");
    return std::nullopt;
  }
  auto rest = header.substr(mail + 6);
  const auto space = rest.find(' ');
  if (space == std::string_view::npos) {
    fail(why, "no '(OS: ...; device: ...)' comment");
    return std::nullopt;
  }
  auto version = ClientVersion::parse(rest.substr(0, space));
  if (!version) {
    fail(why, "client version '" + std::string(rest.substr(0, space)) + "' is not semver");
    return std::nullopt;
  }
  agent.version = std::move(*version);
  rest.remove_prefix(space + 1);
  constexpr std::string_view kOs = "(OS: ";
  constexpr std::string_view kDevice = "; device: ";
  const auto deviceAt = rest.find(kDevice);
  if (rest.substr(0, kOs.size()) != kOs || deviceAt == std::string_view::npos || rest.empty() || rest.back() != ')') {
    fail(why, "comment is not '(OS: {OS version}; device: {device})'");
    return std::nullopt;
  }
  agent.osVersion = std::string(rest.substr(kOs.size(), deviceAt - kOs.size()));
  agent.device = std::string(rest.substr(deviceAt + kDevice.size(), rest.size() - 1 - deviceAt - kDevice.size()));
  if (agent.osVersion.empty() || agent.device.empty()) {
    fail(why, "empty OS version or device");
    return std::nullopt;
  }
  return agent;
}

std::optional<ServerVersion> ServerVersion::parse(std::string_view text) {
  ServerVersion version;
  version.text = std::string(text);
  if (const auto dash = text.find('-'); dash != std::string_view::npos) {
    auto rev = text.substr(dash + 1);
    if (rev.size() < 4 || std::tolower(static_cast<unsigned char>(rev[0])) != 'r' || rev.substr(1, 2) != "ev") {
      return std::nullopt;
    }
    const auto n = number(rev.substr(3));
    if (!n) {
      return std::nullopt;
    }
    version.revision = *n;
    text = text.substr(0, dash);
  }
  auto parts = numericParts(text, 2, 4);
  if (!parts) {
    return std::nullopt;
  }
  version.numbers = std::move(*parts);
  return version;
}

int ServerVersion::compare(const ServerVersion& other) const {
  if (const int c = compareNumbers(numbers, other.numbers); c != 0) {
    return c;
  }
  return revision == other.revision ? 0 : (revision < other.revision ? -1 : 1);
}

}  // namespace oxh::facade::mobile
