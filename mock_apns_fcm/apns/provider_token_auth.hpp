#pragma once
// APNs token-based authentication (push.md §1.4; Apple "Establishing a token-based connection
// to APNs" [A3]): `authorization: bearer <JWT>` with JOSE header alg=ES256 and kid, claims
// iss (Team ID) and iat, signed with the team's P-256 key. Check order copied from Pushy's
// mock (header -> parse -> kid -> signature -> one team per connection -> iat -> topic), plus
// Apple's update-rate rule: a new token on a connection less than 20 minutes after the
// previous one -> 429 TooManyProviderTokenUpdates.
// Thread: ProviderKeys is safe from any thread; TokenAuthState belongs to one connection.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mock_apns_fcm/apns/device_registry.hpp"
#include "mock_apns_fcm/apns/reason.hpp"

namespace oxh::push::apns {

using namespace std::chrono_literals;

// [A3]: "APNs rejects ... a token older than one hour" (iat more than 1 h old).
inline constexpr std::chrono::seconds kProviderTokenLifetime = 1h;
// [A3]: "Refresh your token no more than once every 20 minutes".
inline constexpr std::chrono::seconds kMinProviderTokenRefresh = 20min;

struct ProviderKey {
  std::string teamId;        // 10 characters at Apple; not enforced
  std::string keyId;         // 10 characters at Apple; not enforced
  std::string publicKeyPem;  // P-256 SPKI (or the .p8 private key: its public half is used)
  std::vector<std::string> topics;         // bundle ids this key may push to; empty = any
  std::optional<Environment> environment;  // a key restricted to one environment (newer keys)
};

class ProviderKeys {
 public:
  void add(ProviderKey key);
  // Shared and immutable: a lookup per push copies no strings.
  [[nodiscard]] std::shared_ptr<const ProviderKey> find(const std::string& keyId) const;
  [[nodiscard]] std::size_t size() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const ProviderKey>> keys_;
};

// What one connection remembers about its provider tokens.
struct TokenAuthState {
  std::optional<std::string> teamId;  // bound at the first valid token [A3]
  std::string currentToken;           // the last token accepted on this connection
  std::optional<std::chrono::system_clock::time_point> currentSince;
  // What the accepted token says (kid, iss, iat), so later requests with the same bytes skip
  // parsing it again; every rule is still checked against these on each request.
  std::string currentKid;
  std::string currentIss;
  std::int64_t currentIat = 0;
};

struct TokenAuthResult {
  std::optional<Reason> rejection;  // nullopt = authenticated
  std::string teamId;
  std::string keyId;
  std::string detail;  // why, for journals ("unknown kid", "iat 3700 s old", ...)
};

struct TokenAuthOptions {
  // Apple's update-rate rule; switchable because clients that reconnect legitimately
  // present new tokens on new connections only, while tests may want to mint several.
  bool enforceUpdateRate = true;
};

// `authorization` is the header value (nullopt when absent). Updates `state` on success.
TokenAuthResult checkProviderToken(const ProviderKeys& keys, std::optional<std::string_view> authorization,
                                   const std::string& topic, Environment environment, TokenAuthState& state,
                                   std::chrono::system_clock::time_point now, const TokenAuthOptions& options = {});

}  // namespace oxh::push::apns
