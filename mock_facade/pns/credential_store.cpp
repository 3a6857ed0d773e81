#include "mock_facade/pns/credential_store.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/codec/base64.hpp"
#include "common/error/error.hpp"

namespace oxh::facade::pns {

namespace {

constexpr int kIvBytes = 12;
constexpr int kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

}  // namespace

CredentialStore::CredentialStore(std::string passcrypt, std::string file) : file_(std::move(file)) {
  if (passcrypt.empty()) {
    throw OxhException(
        Error("oxh.pns.config",
              "com.openexchange.push.credstorage.enabled=true needs com.openexchange.push.credstorage.passcrypt"));
  }
  key_.resize(SHA256_DIGEST_LENGTH);
  SHA256(reinterpret_cast<const unsigned char*>(passcrypt.data()), passcrypt.size(),
         reinterpret_cast<unsigned char*>(key_.data()));
  if (file_.empty()) {
    return;
  }
  std::ifstream in(file_);
  if (!in) {
    return;  // nothing stored yet
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (!json.is_array()) {
    throw OxhException(Error("oxh.pns.credstorage", file_ + " is not a credential file"));
  }
  for (const auto& entry : json) {
    const auto sealedPassword = entry.value("password", std::string());
    if (!open(sealedPassword)) {
      throw OxhException(Error("oxh.pns.credstorage", file_ + " was written with another passcrypt key"));
    }
    entries_[{entry.value("user_id", std::int64_t{0}), entry.value("context_id", std::int64_t{0})}] = {
        entry.value("login", std::string()), sealedPassword};
  }
}

std::string CredentialStore::seal(const std::string& plain) const {
  std::string iv(kIvBytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(iv.data()), kIvBytes);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out(plain.size(), '\0');
  std::string tag(kTagBytes, '\0');
  int length = 0;
  int final = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key_.data()),
                         reinterpret_cast<const unsigned char*>(iv.data())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length,
                        reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + length, &final) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) != 1) {
    throw OxhException(Error("oxh.pns.credstorage", "cannot encrypt"));
  }
  return codec::base64Encode(iv + out + tag);
}

std::optional<std::string> CredentialStore::open(const std::string& sealedText) const {
  const auto bytes = codec::base64Decode(sealedText);
  if (bytes.size() < static_cast<std::size_t>(kIvBytes + kTagBytes)) {
    return std::nullopt;
  }
  const auto iv = bytes.substr(0, kIvBytes);
  const auto cipher = bytes.substr(kIvBytes, bytes.size() - kIvBytes - kTagBytes);
  auto tag = bytes.substr(bytes.size() - kTagBytes);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out(cipher.size(), '\0');
  int length = 0;
  int final = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key_.data()),
                         reinterpret_cast<const unsigned char*>(iv.data())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length,
                        reinterpret_cast<const unsigned char*>(cipher.data()), static_cast<int>(cipher.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + length, &final) != 1) {
    return std::nullopt;  // wrong key or tampered
  }
  return out;
}

void CredentialStore::store(std::int64_t userId, std::int64_t contextId, const StoredCredentials& credentials) {
  std::lock_guard lock(mutex_);
  entries_[{userId, contextId}] = {credentials.login, seal(credentials.password)};
  save();
}

std::optional<StoredCredentials> CredentialStore::lookup(std::int64_t userId, std::int64_t contextId) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find({userId, contextId});
  if (it == entries_.end()) {
    return std::nullopt;
  }
  auto password = open(it->second.second);
  if (!password) {
    return std::nullopt;
  }
  return StoredCredentials{it->second.first, *password};
}

void CredentialStore::remove(std::int64_t userId, std::int64_t contextId) {
  std::lock_guard lock(mutex_);
  entries_.erase({userId, contextId});
  save();
}

void CredentialStore::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  save();
}

std::optional<std::string> CredentialStore::sealed(std::int64_t userId, std::int64_t contextId) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find({userId, contextId});
  if (it == entries_.end()) {
    return std::nullopt;
  }
  return it->second.second;
}

void CredentialStore::save() const {
  if (file_.empty()) {
    return;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, value] : entries_) {
    out.push_back(
        {{"user_id", key.first}, {"context_id", key.second}, {"login", value.first}, {"password", value.second}});
  }
  std::ofstream file(file_, std::ios::trunc);
  file << out.dump(2) << "\n";
  if (!file) {
    throw OxhException(Error("oxh.pns.credstorage", "cannot write " + file_));
  }
}

}  // namespace oxh::facade::pns
