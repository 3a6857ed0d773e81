#include "mock_facade/facade/mobile_errors.hpp"

#include <map>

namespace oxh::facade::mobile {

std::string describeCode(const std::string& code) {
  static const std::map<std::string, std::string> kText{
      {code::kInvalidCredentials, "Invalid credentials"}, {code::kMissingHeader, "Missing header"},
      {code::kMissingParameter, "Missing parameter"},     {code::kMissingCookie, "Missing cookie"},
      {code::kInvalidUserAgent, "Invalid User-Agent header"}, {code::kClientTooOld, "Client too old"},
      {code::kInternal, "Internal server error"}};
  const auto it = kText.find(code);
  return it == kText.end() ? std::string() : it->second;
}

}  // namespace oxh::facade::mobile
