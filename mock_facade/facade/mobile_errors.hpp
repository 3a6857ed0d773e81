#pragma once
// The Mobile API Facade's own error codes (ox.md 1.1, FACADE-DOC 1.0.0): 1 Invalid credentials,
// 2 Missing header, 3 Missing parameter, 4 Missing cookie, 5 Invalid User-Agent header,
// 900 Client too old, 999 Internal server error. Middleware errors pass through wrapped in the
// same format, with the middleware code ("MSG-0032") as the code.
// The error body is a JSON object with two string fields: "error" (the code) and a description.
// The description field's name is cut off in the public source (UNCONFIRMED); the API profile
// names it (default "error_desc"). The HTTP status per code is not public either (UNCONFIRMED);
// the profile sets it too (ApiProfile::errorStatus).
// Thread: value types.
#include <stdexcept>
#include <string>

namespace oxh::facade::mobile {

namespace code {
inline constexpr const char* kInvalidCredentials = "1";
inline constexpr const char* kMissingHeader = "2";
inline constexpr const char* kMissingParameter = "3";
inline constexpr const char* kMissingCookie = "4";
inline constexpr const char* kInvalidUserAgent = "5";
inline constexpr const char* kClientTooOld = "900";
inline constexpr const char* kInternal = "999";
}  // namespace code

// The public wording of a facade code; empty for middleware codes.
std::string describeCode(const std::string& code);

class MobileError : public std::runtime_error {
 public:
  // detail: what exactly was wrong (journaled, and appended to the description).
  MobileError(std::string code, std::string detail, int httpStatus = 0)
      : std::runtime_error(detail), code_(std::move(code)), httpStatus_(httpStatus) {}
  [[nodiscard]] const std::string& code() const { return code_; }
  [[nodiscard]] int httpStatus() const { return httpStatus_; }  // 0: the profile's status for the code

 private:
  std::string code_;
  int httpStatus_;
};

}  // namespace oxh::facade::mobile
