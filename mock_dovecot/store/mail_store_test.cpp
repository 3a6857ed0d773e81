#include "mock_dovecot/store/mail_store.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace oxh::dovecot {
namespace {

std::unique_ptr<MailStore> makeStore(std::uint64_t seed = 7) {
  auto store = std::make_unique<MailStore>(seed);
  store->addUser({"alice@example.org", "secret"});
  return store;
}

TEST(MailStore, NewUserHasDovecotsDefaultMailboxes) {
  auto store = makeStore();
  EXPECT_TRUE(store->hasUser("alice@example.org"));
  EXPECT_TRUE(store->authenticate("alice@example.org", "secret"));
  EXPECT_FALSE(store->authenticate("alice@example.org", "wrong"));
  EXPECT_FALSE(store->authenticate("nobody", "secret"));
  std::vector<std::string> names;
  for (const auto& entry : store->listMailboxes("alice@example.org")) {
    names.push_back(entry.name + (entry.subscribed ? "+" : "") + entry.specialUse);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Sent+\\Sent", "Drafts+\\Drafts", "Trash+\\Trash", "INBOX"}));
}

TEST(MailStore, UidValidityIsDeterministicFromTheSeed) {
  auto a = makeStore(1);
  auto b = makeStore(1);
  auto c = makeStore(2);
  const auto inboxA = a->snapshot("alice@example.org", "INBOX")->uidValidity;
  EXPECT_EQ(inboxA, b->snapshot("alice@example.org", "inbox")->uidValidity);
  EXPECT_NE(inboxA, c->snapshot("alice@example.org", "INBOX")->uidValidity);
  EXPECT_NE(inboxA, a->snapshot("alice@example.org", "Sent")->uidValidity);
}

TEST(MailStore, SetUidValidityTakesAValueOrTheSeedsNextAndNotifies) {
  auto a = makeStore(1);
  auto b = makeStore(1);
  std::vector<std::string> changed;
  a->subscribe([&](const std::string& login, const std::string& mailbox) { changed.push_back(login + " " + mailbox); });
  const auto before = a->snapshot("alice@example.org", "INBOX")->uidValidity;
  const auto next = a->setUidValidity("alice@example.org", "inbox", std::nullopt);
  ASSERT_TRUE(next);
  EXPECT_NE(*next, before);
  EXPECT_EQ(next, b->setUidValidity("alice@example.org", "INBOX", std::nullopt));  // same seed, same value
  EXPECT_EQ(a->snapshot("alice@example.org", "INBOX")->uidValidity, *next);
  EXPECT_EQ(changed, std::vector<std::string>{"alice@example.org INBOX"});
  EXPECT_EQ(a->setUidValidity("alice@example.org", "INBOX", 12345U), 12345U);
  EXPECT_EQ(a->snapshot("alice@example.org", "INBOX")->uidValidity, 12345U);
  EXPECT_FALSE(a->setUidValidity("alice@example.org", "INBOX", 0U));
  EXPECT_FALSE(a->setUidValidity("alice@example.org", "Nope", 5U));
  EXPECT_FALSE(a->setUidValidity("nobody", "INBOX", 5U));
}

TEST(MailStore, DeliverSavesRecentMessagesWithIncreasingUids) {
  auto store = makeStore();
  auto first = store->deliver("alice@example.org", "INBOX", "Subject: a\r\n\r\nx\r\n", 1700000000);
  auto second = store->deliver("alice@example.org", "inbox", "Subject: b\r\n\r\ny\r\n", 1700000001);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->uid, 1U);
  EXPECT_EQ(second->uid, 2U);
  EXPECT_EQ(second->mailbox, "INBOX");
  EXPECT_EQ(second->unseen, 2U);
  EXPECT_FALSE(store->deliver("alice@example.org", "Nope", "x", 0));
  EXPECT_FALSE(store->deliver("nobody", "INBOX", "x", 0));
  auto snapshot = store->snapshot("alice@example.org", "INBOX");
  EXPECT_EQ(snapshot->recent(), 2U);
  EXPECT_EQ(store->claimRecent("alice@example.org", "INBOX", {1, 2}), (std::vector<std::uint32_t>{1, 2}));
  EXPECT_TRUE(store->claimRecent("alice@example.org", "INBOX", {1, 2}).empty());  // only one owner
}

// A snapshot carries only the expunge log's tail it was asked for, with each message's last flags.
TEST(MailStore, SnapshotCopiesOnlyTheRequestedTailOfTheExpungeLog) {
  auto store = makeStore();
  for (int i = 0; i < 3; ++i) {
    store->deliver("alice@example.org", "INBOX", "Subject: a\r\n\r\nx\r\n", 1700000000);
  }
  const std::uint64_t before = store->snapshot("alice@example.org", "INBOX")->highestModseq;
  MessageFlags deleted;
  deleted.system = kFlagDeleted;
  store->storeFlags("alice@example.org", "INBOX", {1, 2}, FlagOperation::kAdd, deleted);
  store->expunge("alice@example.org", "INBOX", std::vector<std::uint32_t>{1});
  const std::uint64_t middle = store->snapshot("alice@example.org", "INBOX")->highestModseq;
  store->expunge("alice@example.org", "INBOX", std::vector<std::uint32_t>{2});
  EXPECT_TRUE(store->snapshot("alice@example.org", "INBOX")->expunged.empty());
  const auto all = store->snapshot("alice@example.org", "INBOX", before)->expunged;
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].uid, 1U);
  EXPECT_EQ(all[0].flags.system, kFlagDeleted);
  const auto tail = store->snapshot("alice@example.org", "INBOX", middle)->expunged;
  ASSERT_EQ(tail.size(), 1U);
  EXPECT_EQ(tail[0].uid, 2U);
}

TEST(MailStore, FlagsExpungeAndModseq) {
  auto store = makeStore();
  store->append("alice@example.org", "INBOX", "a", {}, 0);
  store->append("alice@example.org", "INBOX", "b", {}, 0);
  const auto before = store->snapshot("alice@example.org", "INBOX")->highestModseq;
  MessageFlags deleted;
  deleted.system = kFlagDeleted;
  deleted.keywords = {"$cl_1"};
  auto changed = store->storeFlags("alice@example.org", "INBOX", {1}, FlagOperation::kAdd, deleted);
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_GT(changed[0].modseq, before);
  EXPECT_EQ(store->snapshot("alice@example.org", "INBOX")->keywords, (std::vector<std::string>{"$cl_1"}));
  // UNCHANGEDSINCE below the message's modseq: left alone (RFC 7162).
  EXPECT_TRUE(store->storeFlags("alice@example.org", "INBOX", {1}, FlagOperation::kRemove, deleted, before).empty());
  EXPECT_EQ(store->expunge("alice@example.org", "INBOX"), (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(store->snapshot("alice@example.org", "INBOX")->messages.size(), 1U);
}

TEST(MailStore, HierarchyCreateRenameDelete) {
  auto store = makeStore();
  EXPECT_EQ(store->createMailbox("alice@example.org", "Foo/Bar"), StoreError::kNone);
  EXPECT_EQ(store->createMailbox("alice@example.org", "foo/bar"), StoreError::kNone);  // names are case-sensitive
  EXPECT_EQ(store->createMailbox("alice@example.org", "Foo/Bar/"), StoreError::kAlreadyExists);
  auto entries = store->listMailboxes("alice@example.org");
  auto foo = std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.name == "Foo"; });
  ASSERT_NE(foo, entries.end());
  EXPECT_FALSE(foo->exists);
  EXPECT_TRUE(foo->hasChildren);
  EXPECT_EQ(store->renameMailbox("alice@example.org", "Foo", "Baz"), StoreError::kNone);
  EXPECT_TRUE(store->findMailbox("alice@example.org", "Baz/Bar"));
  EXPECT_EQ(store->deleteMailbox("alice@example.org", "Baz"), StoreError::kNoSuchMailbox);
  EXPECT_EQ(store->deleteMailbox("alice@example.org", "INBOX"), StoreError::kInboxCannotBeDeleted);
  EXPECT_EQ(store->renameMailbox("alice@example.org", "INBOX", "Old"), StoreError::kInboxCannotBeRenamed);
}

TEST(MailStore, MetadataMapsEntriesTheWayDovecotStoresThem) {
  auto store = makeStore();
  const std::string entry = "/private/vendor/vendor.dovecot/http-notify";
  EXPECT_FALSE(store->metadata("alice@example.org", "", entry));
  store->setAttribute("alice@example.org", "INBOX", AttributeType::kPrivate,
                     std::string(kDovecotServerPrefix) + "vendor/vendor.dovecot/http-notify", "user=3@1");
  EXPECT_EQ(store->metadata("alice@example.org", "", "/PRIVATE/Vendor/vendor.dovecot/http-notify"), "user=3@1");
  EXPECT_FALSE(store->metadata("alice@example.org", "", "/shared/vendor/vendor.dovecot/http-notify"));
  EXPECT_EQ(store->metadata("alice@example.org", "Sent", "/private/specialuse"), "\\Sent");
  EXPECT_EQ(store->metadata("alice@example.org", "", "/shared/admin"), "mailto:postmaster@example.org");
  const auto state = store->state();
  EXPECT_EQ(state["users"]["alice@example.org"]["metadata"][entry], "user=3@1");
  // Server entries are hidden from mailbox-level listings, as Dovecot's pvt keys are.
  EXPECT_TRUE(store->attributeKeys("alice@example.org", "INBOX", AttributeType::kPrivate, "").empty());
}

TEST(MailStore, ListenersAreCalledOutsideTheLock) {
  auto store = makeStore();
  std::vector<std::string> seen;
  const auto id = store->subscribe([&](const std::string& login, const std::string& mailbox) {
    // Re-entering the store from a listener must not deadlock.
    seen.push_back(login + " " + mailbox + " " + std::to_string(store->snapshot(login, mailbox)->messages.size()));
  });
  store->deliver("alice@example.org", "INBOX", "x", 0);
  store->unsubscribe(id);
  store->deliver("alice@example.org", "INBOX", "y", 0);
  EXPECT_EQ(seen, (std::vector<std::string>{"alice@example.org INBOX 1"}));
}

TEST(MailStore, ConcurrentDeliveriesGetDistinctUids) {
  auto store = makeStore();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store] {
      for (int i = 0; i < 50; ++i) {
        store->deliver("alice@example.org", "INBOX", "x", 0);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  auto snapshot = store->snapshot("alice@example.org", "INBOX");
  ASSERT_EQ(snapshot->messages.size(), 200U);
  EXPECT_EQ(snapshot->messages.back().uid, 200U);
  EXPECT_EQ(snapshot->uidNext, 201U);
}

}  // namespace
}  // namespace oxh::dovecot
