#pragma once
// Compact JWS parsing and ES256 verification for APNs provider tokens (push.md §1.4, Apple
// [A3]): "<b64url header>.<b64url claims>.<b64url signature>", where the ES256 signature is
// the raw 64-byte R||S of RFC 7518 §3.4, not DER (OpenSSL wants DER, so we re-encode).
// Thread: pure functions.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace oxh::push::apns {

struct ParsedJwt {
  nlohmann::json header;     // {"alg":"ES256","kid":"...","typ":"JWT"?}
  nlohmann::json claims;     // {"iss":"...","iat":N}
  std::string signingInput;  // "<header>.<claims>" as received
  std::string signature;     // decoded bytes
};

// RFC 4648 §5 base64url without padding; nullopt on a character outside the alphabet.
std::optional<std::string> base64UrlDecode(std::string_view text);
std::string base64UrlEncode(std::string_view bytes);

// nullopt when the text is not three base64url parts whose first two are JSON objects.
std::optional<ParsedJwt> parseJwt(std::string_view token);

// Verifies an ES256 signature (raw R||S, 64 bytes) over `signingInput` with the P-256 public
// key in `publicKeyPem` ("PUBLIC KEY" SPKI, or a private key PEM whose public half is used).
bool verifyEs256(const std::string& publicKeyPem, std::string_view signingInput, std::string_view signature);

// Signs like a provider would (tests and tools): ES256 over header.claims with a PKCS#8 P-256
// private key PEM; returns the compact JWT. Throws OxhException [oxh.apns.jwt] on key errors.
std::string signEs256Jwt(const nlohmann::json& header, const nlohmann::json& claims, const std::string& privateKeyPem);

}  // namespace oxh::push::apns
