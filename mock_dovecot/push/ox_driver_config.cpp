#include "mock_dovecot/push/ox_driver_config.hpp"

#include <charconv>
#include <sstream>

#include "common/error/error.hpp"

namespace oxh::dovecot::push {

namespace {

[[noreturn]] void fail(const std::string& message) { throw OxhException(Error("oxh.dovecot.push-config", message)); }

std::string percentDecode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      unsigned value = 0;
      const auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec == std::errc() && ptr == text.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

template <class Number>
Number numberOr(const std::string& text, Number fallback) {
  Number value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() ? value : fallback;
}

// settings_get_time: "2s", "1min", "60" (seconds), "500ms".
std::chrono::seconds timeOr(const std::string& text, std::chrono::seconds fallback) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) {
    ++digits;
  }
  if (digits == 0) {
    return fallback;
  }
  const auto value = numberOr<long long>(text.substr(0, digits), -1);
  const auto unit = text.substr(digits);
  if (unit.empty() || unit == "s" || unit == "sec" || unit == "secs") {
    return std::chrono::seconds(value);
  }
  if (unit == "m" || unit == "min" || unit == "mins") {
    return std::chrono::minutes(value);
  }
  if (unit == "h" || unit == "hour" || unit == "hours") {
    return std::chrono::hours(value);
  }
  return fallback;
}

void parseUrl(OxDriverConfig& config) {
  const std::string& url = config.url;
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) {
    fail("Failed to parse OX REST URL " + url);
  }
  const std::string protocol = url.substr(0, scheme);
  if (protocol != "http") {
    // lib-http also speaks https; the fake's sender does not yet.
    fail("the fake Dovecot's ox driver sends http only, got " + protocol + " in " + url);
  }
  const auto authorityStart = scheme + 3;
  const auto pathStart = url.find('/', authorityStart);
  std::string authority = url.substr(authorityStart, pathStart == std::string::npos ? std::string::npos : pathStart - authorityStart);
  config.target = pathStart == std::string::npos ? "/" : url.substr(pathStart);
  if (const auto at = authority.rfind('@'); at != std::string::npos) {
    const std::string userinfo = authority.substr(0, at);
    authority.erase(0, at + 1);
    const auto colon = userinfo.find(':');
    config.login = percentDecode(userinfo.substr(0, colon));
    config.password = colon == std::string::npos ? std::string() : percentDecode(userinfo.substr(colon + 1));
  }
  std::string portText;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    config.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') {
      portText = authority.substr(close + 2);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    config.host = authority.substr(0, colon);
    portText = authority.substr(colon + 1);
  } else {
    config.host = authority;
  }
  if (!portText.empty()) {
    const auto port = numberOr<unsigned>(portText, 0);
    if (port == 0 || port > 65535) {
      fail("Failed to parse OX REST URL " + url);
    }
    config.port = static_cast<std::uint16_t>(port);
  }
}

}  // namespace

OxDriverConfig parseOxDriver(const std::string& value) {
  if (value.rfind("ox:", 0) != 0) {
    fail("not an ox driver: '" + value + "'");
  }
  OxDriverConfig config;
  std::istringstream words(value.substr(3));
  std::string word;
  while (words >> word) {
    const auto equals = word.find('=');
    const std::string key = word.substr(0, equals);
    const std::string optionValue = equals == std::string::npos ? std::string() : word.substr(equals + 1);
    if (key == "url") {
      config.url = optionValue;
    } else if (key == "user_from_metadata") {
      config.userFromMetadata = true;  // a flag: any value turns it on (dovecot.md 1.1)
    } else if (key == "cache_lifetime") {
      config.cacheLifetime = timeOr(optionValue, config.cacheLifetime);
    } else if (key == "max_retries") {
      config.maxRetries = numberOr<unsigned>(optionValue, config.maxRetries);
    } else if (key == "timeout_msecs") {
      config.timeout = std::chrono::milliseconds(numberOr<unsigned>(optionValue, 2000));
    } else if (key == "json_quirk") {
      config.upstreamJsonQuirk = optionValue == "upstream";
    }
  }
  if (config.url.empty()) {
    fail("Driver requires the url parameter");
  }
  parseUrl(config);
  return config;
}

}  // namespace oxh::dovecot::push
