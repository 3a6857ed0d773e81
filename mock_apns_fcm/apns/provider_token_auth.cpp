#include "mock_apns_fcm/apns/provider_token_auth.hpp"

#include <algorithm>
#include <cctype>

#include "mock_apns_fcm/apns/jwt.hpp"

namespace oxh::push::apns {

void ProviderKeys::add(ProviderKey key) {
  std::lock_guard lock(mutex_);
  auto id = key.keyId;
  keys_[id] = std::make_shared<const ProviderKey>(std::move(key));
}

std::shared_ptr<const ProviderKey> ProviderKeys::find(const std::string& keyId) const {
  std::lock_guard lock(mutex_);
  const auto it = keys_.find(keyId);
  if (it == keys_.end()) {
    return nullptr;
  }
  return it->second;
}

std::size_t ProviderKeys::size() const {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

void ProviderKeys::clear() {
  std::lock_guard lock(mutex_);
  keys_.clear();
}

namespace {

TokenAuthResult reject(Reason reason, std::string detail) {
  TokenAuthResult result;
  result.rejection = reason;
  result.detail = std::move(detail);
  return result;
}

// "bearer <token>": the scheme is case-insensitive (RFC 9110 §11.1); node-apn and Pushy
// send lower case.
std::optional<std::string_view> bearerToken(std::string_view value) {
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) {
      return std::nullopt;
    }
  }
  auto token = value.substr(kScheme.size());
  token.remove_prefix(std::min(token.size(), token.find_first_not_of(' ')));
  return token.empty() ? std::nullopt : std::optional(token);
}

bool topicAllowed(const ProviderKey& key, const std::string& topic) {
  if (key.topics.empty()) {
    return true;
  }
  // A key for bundle B covers B's push-type topics too (B.voip, B.complication, ...), as a
  // team key does at Apple [A1 "apns-topic"].
  return std::any_of(key.topics.begin(), key.topics.end(), [&](const std::string& allowed) {
    return topic == allowed || (topic.size() > allowed.size() && topic.compare(0, allowed.size(), allowed) == 0 &&
                                topic[allowed.size()] == '.');
  });
}

}  // namespace

TokenAuthResult checkProviderToken(const ProviderKeys& keys, std::optional<std::string_view> authorization,
                                   const std::string& topic, Environment environment, TokenAuthState& state,
                                   std::chrono::system_clock::time_point now, const TokenAuthOptions& options) {
  if (!authorization || authorization->empty()) {
    return reject(Reason::MissingProviderToken, "no authorization header");
  }
  const auto token = bearerToken(*authorization);
  if (!token) {
    return reject(Reason::MissingProviderToken, "authorization is not 'bearer <token>'");
  }
  // The token this connection already proved is the same bytes, so the same signature and
  // claims: verify and parse a token once per connection, not per request (an ECDSA
  // verification and a JWT parse cost more than the rest of a push; bench/apns_ratio.py). Its
  // key, team, environment, age and topic are still checked below on every request.
  const bool provenOnThisConnection = !state.currentToken.empty() && *token == state.currentToken;
  std::string kid;
  std::string iss;
  std::optional<std::int64_t> iat;
  std::shared_ptr<const ProviderKey> key;
  if (provenOnThisConnection) {
    kid = state.currentKid;
    iss = state.currentIss;
    iat = state.currentIat;
    key = keys.find(kid);
    if (!key) {
      return reject(Reason::InvalidProviderToken, "unknown kid '" + kid + "'");
    }
  } else {
    const auto jwt = parseJwt(*token);
    if (!jwt) {
      return reject(Reason::InvalidProviderToken, "not a JWS compact token");
    }
    // Only ES256 is accepted [A3]; "typ" is tolerated because node-apn's jsonwebtoken adds it.
    if (jwt->header.value("alg", "") != "ES256") {
      return reject(Reason::InvalidProviderToken, "alg is not ES256");
    }
    kid = jwt->header.value("kid", "");
    key = keys.find(kid);
    if (!key) {
      return reject(Reason::InvalidProviderToken, "unknown kid '" + kid + "'");
    }
    if (!verifyEs256(key->publicKeyPem, jwt->signingInput, jwt->signature)) {
      return reject(Reason::InvalidProviderToken, "signature does not verify with key " + kid);
    }
    if (jwt->claims.contains("iss") && jwt->claims["iss"].is_string()) {
      iss = jwt->claims["iss"].get<std::string>();
    } else {
      iss.clear();
    }
    const auto& claim = jwt->claims.contains("iat") ? jwt->claims["iat"] : nlohmann::json();
    if (claim.is_number_integer() || claim.is_number_unsigned()) {
      iat = claim.get<std::int64_t>();
    }
  }
  TokenAuthResult result;
  result.keyId = kid;
  result.teamId = key->teamId;
  if (iss.empty() || iss != key->teamId) {
    return reject(Reason::InvalidProviderToken, "iss is not the key's team " + key->teamId);
  }
  if (state.teamId && *state.teamId != key->teamId) {
    // [A2 newer doc]: a key unrelated to the connection's first one.
    return reject(Reason::UnrelatedKeyIdInToken, "connection is bound to team " + *state.teamId);
  }
  if (key->environment && *key->environment != environment) {
    return reject(Reason::BadEnvironmentKeyIdInToken,
                  "key " + kid + " is for " + std::string(environmentName(*key->environment)));
  }
  if (!iat) {
    return reject(Reason::InvalidProviderToken, "iat is not an integer");
  }
  const auto issued = std::chrono::system_clock::time_point(std::chrono::seconds(*iat));
  if (now - issued > kProviderTokenLifetime) {
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - issued).count();
    auto expired = reject(Reason::ExpiredProviderToken, "iat is " + std::to_string(age) + " s old");
    expired.keyId = kid;
    expired.teamId = key->teamId;
    return expired;
  }
  if (!topicAllowed(*key, topic)) {
    // Pushy's mock answers InvalidProviderToken for a topic the key does not cover.
    return reject(Reason::InvalidProviderToken, "key " + kid + " does not cover topic '" + topic + "'");
  }
  if (*token != state.currentToken) {
    if (options.enforceUpdateRate && state.currentSince && now - *state.currentSince < kMinProviderTokenRefresh) {
      auto tooMany = reject(Reason::TooManyProviderTokenUpdates, "new token less than 20 min after the previous one");
      tooMany.keyId = kid;
      tooMany.teamId = key->teamId;
      return tooMany;
    }
    state.currentToken = std::string(*token);
    state.currentSince = now;
    state.currentKid = kid;
    state.currentIss = iss;
    state.currentIat = *iat;
  }
  state.teamId = key->teamId;
  return result;
}

}  // namespace oxh::push::apns
