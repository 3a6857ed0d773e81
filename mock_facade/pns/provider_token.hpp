#pragma once
// APNs provider authentication tokens (push.md 1.4): a JWT with header {"alg":"ES256","kid"}
// and claims {"iss":<team id>,"iat":<seconds>}, signed with the .p8 P-256 key; the signature
// is raw R||S (64 bytes), base64url without padding. Tokens are reused for 50 minutes (as
// Pushy does) so the provider never trips TooManyProviderTokenUpdates.
// Thread: ProviderTokenCache is not thread-safe (the APNs sender guards it).
#include <chrono>
#include <string>

namespace oxh::facade::pns {

std::string base64Url(std::string_view bytes);
// Throws OxhException [oxh.pns.apns-key] when the PEM is not an EC P-256 private key.
std::string makeProviderToken(const std::string& keyPem, const std::string& keyId, const std::string& teamId,
                              std::chrono::system_clock::time_point issuedAt);

class ProviderTokenCache {
 public:
  static constexpr std::chrono::minutes kLifetime{50};
  ProviderTokenCache(std::string keyPem, std::string keyId, std::string teamId);
  std::string current(std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

 private:
  std::string keyPem_;
  std::string keyId_;
  std::string teamId_;
  std::string token_;
  std::chrono::system_clock::time_point issued_{};
};

}  // namespace oxh::facade::pns
