#pragma once
// The Mobile API Facade's client identification (ox.md 1.1, FACADE-DOC): every request carries
//   User-Agent: {branding}.{OS}.Mail/{client version} (OS: {OS version}; device: {device})
// with OS one of Android, iOS, OSX, Windows, WP, Swagger and a semver client version, e.g.
//   OpenXchange.Android.Mail/1.0+1234 (OS: 7.0; device: Samsung/GT9700)
// Also the version types the facade compares: client versions (semver, 2 or 3 numeric parts,
// optional -prerelease and +build) and App Suite server versions ("7.8.4-rev22").
// Thread: free functions and value types.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::facade::mobile {

struct ClientVersion {
  std::vector<int> numbers;  // major, minor[, patch]
  std::string preRelease;    // after '-', empty when none (sorts before the release)
  std::string build;         // after '+', ignored when comparing
  std::string text;          // as written

  // Semver precedence on the numeric parts (a missing patch counts as 0) and the pre-release
  // (present < absent; otherwise compared as text). Returns <0, 0, >0.
  [[nodiscard]] int compare(const ClientVersion& other) const;
  static std::optional<ClientVersion> parse(std::string_view text);
};

struct UserAgent {
  std::string branding;  // "OpenXchange" by default; may contain dots
  std::string os;        // Android | iOS | OSX | Windows | WP | Swagger
  ClientVersion version;
  std::string osVersion;
  std::string device;
};

// nullopt when the header does not have the required form; `why` (when given) says what is wrong.
std::optional<UserAgent> parseUserAgent(std::string_view header, std::string* why = nullptr);

// App Suite server versions as OX writes them: "7.8.4-rev22", "7.10.6-Rev5", "8.19.0".
struct ServerVersion {
  std::vector<int> numbers;  // 7, 8, 4
  int revision = 0;          // 22 for "-rev22"; 0 when none
  std::string text;

  [[nodiscard]] int compare(const ServerVersion& other) const;
  static std::optional<ServerVersion> parse(std::string_view text);
};

// The oldest App Suite the OX Mail v2 app runs with (ox-mail-app-v2.txt: "at least OX App Suite
// version 7.8.4-rev22").
inline constexpr const char* kMinimumServerVersion = "7.8.4-rev22";

}  // namespace oxh::facade::mobile
