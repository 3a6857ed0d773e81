#pragma once
// App Suite sessions of the fake middleware: an id for the `session` parameter and a secret
// that must come back in the `open-xchange-secret-<hash>` cookie on every call (ox.md 2.2).
// <hash> is MD5 over the User-Agent and the client id (HashCalculator: "a fake can use any
// stable token"), so the same client gets the same cookie name.
// Thread: all members are safe from any thread (one mutex).
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "common/http1/message.hpp"
#include "mock_facade/ajax/ajax_call.hpp"

namespace oxh::facade {

struct FacadeSession {
  std::string id;
  std::string secret;
  std::string cookieHash;
  std::string client;
  std::size_t userIndex = 0;
};

class SessionStore {
 public:
  SessionStore();
  FacadeSession create(std::size_t userIndex, const std::string& client, const std::string& userAgent);
  [[nodiscard]] std::optional<FacadeSession> find(const std::string& id) const;
  bool remove(const std::string& id);
  void clear();
  [[nodiscard]] std::size_t size() const;

 private:
  std::string randomHex(std::size_t bytes);

  mutable std::mutex mutex_;
  std::mt19937_64 random_;
  std::map<std::string, FacadeSession> sessions_;
};

// "open-xchange-secret-" + hash
std::string secretCookieName(const std::string& hash);
// MD5 hex of the text (HashCalculator's digest).
std::string md5Hex(const std::string& text);
// The value of cookie `name` in the request's Cookie headers.
std::optional<std::string> requestCookie(const http1::Request& request, const std::string& name);

}  // namespace oxh::facade
