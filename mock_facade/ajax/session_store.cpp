#include "mock_facade/ajax/session_store.hpp"

#include <openssl/evp.h>

#include <cstdio>

namespace oxh::facade {

SessionStore::SessionStore() : random_(std::random_device{}()) {}

std::string SessionStore::randomHex(std::size_t bytes) {
  std::string out;
  char hex[17];
  while (out.size() < bytes * 2) {
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(random_()));
    out += hex;
  }
  out.resize(bytes * 2);
  return out;
}

FacadeSession SessionStore::create(std::size_t userIndex, const std::string& client, const std::string& userAgent) {
  std::lock_guard lock(mutex_);
  FacadeSession session;
  session.id = randomHex(16);
  session.secret = randomHex(16);
  session.cookieHash = md5Hex(userAgent + "\n" + client);
  session.client = client;
  session.userIndex = userIndex;
  sessions_[session.id] = session;
  return session;
}

std::optional<FacadeSession> SessionStore::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    return std::nullopt;
  }
  return it->second;
}

bool SessionStore::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  return sessions_.erase(id) > 0;
}

void SessionStore::clear() {
  std::lock_guard lock(mutex_);
  sessions_.clear();
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::string secretCookieName(const std::string& hash) { return "open-xchange-secret-" + hash; }

std::string md5Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_md5(), nullptr);
  std::string out;
  char hex[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", digest[i]);
    out += hex;
  }
  return out;
}

std::optional<std::string> requestCookie(const http1::Request& request, const std::string& name) {
  for (const auto& [header, value] : request.headers) {
    if (header.size() != 6 || (header[0] != 'C' && header[0] != 'c') ||
        (header.substr(1) != "ookie" && header.substr(1) != "OOKIE")) {
      continue;
    }
    std::size_t pos = 0;
    while (pos < value.size()) {
      auto end = value.find(';', pos);
      if (end == std::string::npos) {
        end = value.size();
      }
      std::string pair = value.substr(pos, end - pos);
      const auto first = pair.find_first_not_of(' ');
      pair = first == std::string::npos ? std::string() : pair.substr(first);
      const auto eq = pair.find('=');
      if (eq != std::string::npos && pair.substr(0, eq) == name) {
        return pair.substr(eq + 1);
      }
      pos = end + 1;
    }
  }
  return std::nullopt;
}

}  // namespace oxh::facade
