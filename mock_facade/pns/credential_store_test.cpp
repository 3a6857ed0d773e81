#include "mock_facade/pns/credential_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "common/error/error.hpp"

namespace oxh::facade::pns {
namespace {

TEST(CredentialStore, SealsOpensAndForgets) {
  CredentialStore store("ThisIsTheKey");
  store.store(3, 1, {"alice@example.org", "secret"});
  const auto found = store.lookup(3, 1);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->login, "alice@example.org");
  EXPECT_EQ(found->password, "secret");
  const auto sealed = store.sealed(3, 1);
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->find("secret"), std::string::npos);
  store.store(3, 1, {"alice@example.org", "secret"});
  EXPECT_NE(store.sealed(3, 1), sealed);  // a fresh IV each time
  EXPECT_FALSE(store.lookup(4, 1));
  store.remove(3, 1);
  EXPECT_FALSE(store.lookup(3, 1));
  EXPECT_THROW(CredentialStore(""), OxhException);
}

TEST(CredentialStore, PersistedFileNeedsTheSameKey) {
  const std::string path = "/tmp/oxh-credstore-" + std::to_string(::getpid()) + ".json";
  {
    CredentialStore store("key-one", path);
    store.store(3, 1, {"alice@example.org", "secret"});
  }
  {
    CredentialStore again("key-one", path);
    ASSERT_TRUE(again.lookup(3, 1));
    EXPECT_EQ(again.lookup(3, 1)->password, "secret");
  }
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find("\"secret\""), std::string::npos);
  EXPECT_THROW(CredentialStore("key-two", path), OxhException);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace oxh::facade::pns
