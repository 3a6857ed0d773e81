// Three middleware nodes sharing one subscription store, against the fake Dovecot over the
// wire: the permanent listeners spread, each node's listpushusers shows its own, and a stopped
// node's listeners are unregistered (SETMETADATA NIL) and registered again by the others.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_facade/pns/pns_service.hpp"

namespace oxh::facade::pns {
namespace {

using namespace std::chrono_literals;

FacadeUser user(std::int64_t userId) {
  FacadeUser u;
  u.login = "user" + std::to_string(userId) + "@example.org";
  u.password = "secret";
  u.userId = userId;
  u.contextId = 1;
  return u;
}

class PnsCluster : public ::testing::Test {
 protected:
  void SetUp() override {
    dovecot::FakeDovecotOptions dovecotOptions;
    for (std::int64_t id = 1; id <= 4; ++id) {
      dovecotOptions.users.push_back({user(id).login, "secret"});
    }
    dovecotOptions.journal = &journal_;
    dovecot_ = std::make_unique<dovecot::FakeDovecot>(runtime_.context(), dovecotOptions);
    dovecot_->start();
    PnsOptions options;
    options.imapServer = dovecot_->imapEndpoint();
    options.nodes = 3;
    pns_ = std::make_unique<PnsService>(journal_, options, [](std::int64_t userId, std::int64_t context) {
      return context == 1 && userId >= 1 && userId <= 4 ? std::optional<FacadeUser>(user(userId)) : std::nullopt;
    });
  }

  void TearDown() override {
    pns_->stop();
    dovecot_->stop();
    runtime_.stop();
  }

  void subscribe(std::int64_t id) {
    pns_->subscribe(user(id), {{"client", kFacadeClient},
                               {"token", "token-" + std::to_string(id)},
                               {"transport", "gcm"},
                               {"topics", {"ox:mail:new"}}});
  }

  // Waits for `count` more pns.listener entries with this action after `after`.
  void waitListeners(const std::string& action, std::size_t count, std::uint64_t after) {
    journal::WaitOptions options;
    options.after = after;
    options.consume = false;
    options.includeConsumed = true;
    const auto seen = journal_.waitForCount(
        [&](const journal::Entry& e) { return e.kind == "pns.listener" && e.data["action"] == action; }, count, 5s,
        options);
    ASSERT_EQ(seen, count) << journal_.transcript();
  }

  std::optional<std::string> metadata(std::int64_t id) const {
    return dovecot_->store().metadata(user(id).login, "", kHttpNotifyEntry);
  }

  // The SETMETADATA commands the fake Dovecot received after `after`, as "<user> <args>".
  std::vector<std::string> setMetadata(std::uint64_t after) const {
    std::vector<std::string> out;
    for (const auto& entry : journal_.snapshot(after)) {
      if (entry.component == "dovecot.imap" && entry.kind == "imap.command" && entry.data["name"] == "SETMETADATA") {
        out.push_back(entry.data["user"].get<std::string>() + " " + entry.data["args"].get<std::string>());
      }
    }
    return out;
  }

  journal::Journal journal_;
  net::IoRuntime runtime_{1};
  std::unique_ptr<dovecot::FakeDovecot> dovecot_;
  std::unique_ptr<PnsService> pns_;
};

TEST_F(PnsCluster, ListenersSpreadAndEachNodeListsItsOwn) {
  for (std::int64_t id = 1; id <= 4; ++id) {
    subscribe(id);
  }
  waitListeners("register", 4, 0);
  EXPECT_EQ(pns_->listPushUsers(1), "user=1, context=1, permanent=true\nuser=4, context=1, permanent=true\n");
  EXPECT_EQ(pns_->listPushUsers(2), "user=2, context=1, permanent=true\n");
  EXPECT_EQ(pns_->listPushUsers(3), "user=3, context=1, permanent=true\n");
  EXPECT_EQ(pns_->listPushUsers(4), "");
  for (std::int64_t id = 1; id <= 4; ++id) {
    EXPECT_EQ(metadata(id), "user=" + std::to_string(id) + "@1");
  }
  EXPECT_EQ(pns_->state()["nodes"][1]["listeners"], nlohmann::json::parse(R"([{"user_id":2,"context_id":1}])"));
}

TEST_F(PnsCluster, AStoppedNodeHandsItsListenersOver) {
  for (std::int64_t id = 1; id <= 3; ++id) {
    subscribe(id);
  }
  waitListeners("register", 3, 0);
  const auto before = journal_.lastSeq();
  ASSERT_TRUE(pns_->stopNode(2));
  EXPECT_FALSE(pns_->stopNode(2));
  EXPECT_FALSE(pns_->stopNode(7));
  // Rescheduled over nodes 1 and 3 (i % 2 of 1@1, 2@1, 3@1): 1 -> 1, 2 -> 3, 3 -> 1. User 2
  // left with node 2 (NIL), user 3 moved from node 3 to node 1 (no Dovecot change).
  waitListeners("register", 2, before);
  EXPECT_EQ(pns_->listPushUsers(1), "user=1, context=1, permanent=true\nuser=3, context=1, permanent=true\n");
  EXPECT_EQ(pns_->listPushUsers(2), "");
  EXPECT_EQ(pns_->listPushUsers(3), "user=2, context=1, permanent=true\n");
  EXPECT_EQ(setMetadata(before),
            (std::vector<std::string>{"user2@example.org \"\" (/private/vendor/vendor.dovecot/http-notify NIL)",
                                      "user2@example.org \"\" (/private/vendor/vendor.dovecot/http-notify \"user=2@1\")"}))
      << journal_.transcript();
  EXPECT_EQ(metadata(2), "user=2@1");
  EXPECT_EQ(metadata(3), "user=3@1");
  // The node comes back: the listeners spread over three nodes again.
  const auto restart = journal_.lastSeq();
  ASSERT_TRUE(pns_->startNode(2));
  waitListeners("register", 2, restart);
  EXPECT_EQ(pns_->listPushUsers(2), "user=2, context=1, permanent=true\n");
}

TEST_F(PnsCluster, UnsubscribingTheLastDeviceUnregistersOnTheOwningNode) {
  subscribe(1);
  subscribe(2);
  waitListeners("register", 2, 0);
  const auto before = journal_.lastSeq();
  pns_->unsubscribe(user(2), {{"client", kFacadeClient}, {"token", "token-2"}, {"transport", "gcm"}});
  waitListeners("unregister", 1, before);
  for (const auto& entry : journal_.snapshot(before)) {
    if (entry.kind == "pns.listener") {
      EXPECT_EQ(entry.data["node"], 2) << entry.summary;
    }
  }
  EXPECT_EQ(pns_->listPushUsers(2), "");
  EXPECT_EQ(metadata(2), std::nullopt);
  EXPECT_EQ(metadata(1), "user=1@1");
}

}  // namespace
}  // namespace oxh::facade::pns

namespace oxh::facade::pns {
namespace {

TEST_F(PnsCluster, ResetForgetsSubscriptionsAndListenersAndRestartsTheNodes) {
  subscribe(1);
  subscribe(2);
  waitListeners("register", 2, 0);
  ASSERT_TRUE(pns_->stopNode(3));
  pns_->reset();
  EXPECT_TRUE(pns_->subscriptions().all().empty());
  EXPECT_EQ(pns_->listPushUsers(), "");
  EXPECT_TRUE(pns_->state()["nodes"][2]["running"].get<bool>());
  // A new subscription after the reset starts on node 1 again.
  const auto before = journal_.lastSeq();
  subscribe(3);
  waitListeners("register", 1, before);
  EXPECT_EQ(pns_->listPushUsers(1), "user=3, context=1, permanent=true\n");
}

}  // namespace
}  // namespace oxh::facade::pns

namespace oxh::facade::pns {
namespace {

TEST_F(PnsCluster, ACrashedNodeLeavesItsRegistrationForTheNextOwner) {
  for (std::int64_t id = 1; id <= 3; ++id) {
    subscribe(id);
  }
  waitListeners("register", 3, 0);
  const auto before = journal_.lastSeq();
  ASSERT_TRUE(pns_->stopNode(2, true));
  waitListeners("register", 2, before);
  // No NIL from the dead node; node 3's check finds user=2@1 and skips SETMETADATA.
  EXPECT_TRUE(setMetadata(before).empty()) << journal_.transcript();
  EXPECT_EQ(pns_->listPushUsers(3), "user=2, context=1, permanent=true\n");
  EXPECT_EQ(metadata(2), "user=2@1");
  std::size_t skipped = 0;
  for (const auto& entry : journal_.snapshot(before)) {
    if (entry.kind == "pns.listener" && entry.data["action"] == "register") {
      skipped += entry.data["skipped"].get<bool>() ? 1 : 0;
    }
  }
  EXPECT_EQ(skipped, 2U);
}

}  // namespace
}  // namespace oxh::facade::pns
