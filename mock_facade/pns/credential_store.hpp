#pragma once
// Push credential storage (mail-push.properties com.openexchange.push.credstorage.*, ox.md 4.2):
// a permanent listener runs without a session, so at subscribe time the user's mail login and
// password are kept, encrypted with the passcrypt key, and the listener logs in with them.
// Encryption here is AES-256-GCM with key SHA-256(passcrypt) and a random 96-bit IV, stored as
// base64(iv | ciphertext | tag): the harness's own format (the middleware's Obfuscator format is
// UNCONFIRMED). In memory by default; with a file (the "rdb" case) every change is written there
// as JSON and read back at construction, so credentials survive a restart.
// Thread: safe from any thread (one mutex).
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace oxh::facade::pns {

struct StoredCredentials {
  std::string login;
  std::string password;
};

class CredentialStore {
 public:
  // Throws OxhException [oxh.pns.config] for an empty passcrypt, [oxh.pns.credstorage] for an
  // unreadable file or one written with another key.
  explicit CredentialStore(std::string passcrypt, std::string file = {});

  void store(std::int64_t userId, std::int64_t contextId, const StoredCredentials& credentials);
  [[nodiscard]] std::optional<StoredCredentials> lookup(std::int64_t userId, std::int64_t contextId) const;
  void remove(std::int64_t userId, std::int64_t contextId);
  void clear();  // every entry (and the file's)
  // The sealed form of one entry (for tests and state dumps; never the plaintext).
  [[nodiscard]] std::optional<std::string> sealed(std::int64_t userId, std::int64_t contextId) const;

 private:
  void save() const;
  [[nodiscard]] std::string seal(const std::string& plain) const;
  [[nodiscard]] std::optional<std::string> open(const std::string& sealed) const;

  std::string key_;  // 32 bytes
  std::string file_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::int64_t, std::int64_t>, std::pair<std::string, std::string>> entries_;  // login, sealed pw
};

}  // namespace oxh::facade::pns
