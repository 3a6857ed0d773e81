#include "mock_facade/pns/listener_cluster.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace oxh::facade::pns {
namespace {

using Users = std::vector<PushUserKey>;

TEST(ListenerCluster, NewListenersGoToTheLeastLoadedNodeLowestFirst) {
  ListenerCluster cluster(3);
  for (std::int64_t user = 1; user <= 7; ++user) {
    cluster.add({user, 1});
  }
  EXPECT_EQ(cluster.listenersOf(1), (Users{{1, 1}, {4, 1}, {7, 1}}));
  EXPECT_EQ(cluster.listenersOf(2), (Users{{2, 1}, {5, 1}}));
  EXPECT_EQ(cluster.listenersOf(3), (Users{{3, 1}, {6, 1}}));
  // Adding again keeps the placement; removing frees the slot for the next one.
  EXPECT_EQ(cluster.add({4, 1}), 1);
  cluster.remove({5, 1});
  EXPECT_EQ(cluster.add({9, 1}), 2);
}

TEST(ListenerCluster, StoppingANodeReschedulesEveryListenerByTheRealRule) {
  ListenerCluster cluster(3);
  // Added out of order and in two contexts: the reschedule sorts by (context, user).
  for (const PushUserKey& user : Users{{5, 1}, {2, 2}, {1, 1}, {3, 1}, {4, 1}, {1, 2}}) {
    cluster.add(user);
  }
  ASSERT_TRUE(cluster.stop(2));
  // Sorted: 1@1 3@1 4@1 5@1 1@2 2@2 -> i % 2 over the running nodes [1, 3].
  EXPECT_EQ(cluster.listenersOf(1), (Users{{1, 1}, {4, 1}, {1, 2}}));
  EXPECT_TRUE(cluster.listenersOf(2).empty());
  EXPECT_EQ(cluster.listenersOf(3), (Users{{3, 1}, {5, 1}, {2, 2}}));
  EXPECT_FALSE(cluster.running(2));
  EXPECT_EQ(cluster.runningNodes(), (std::vector<int>{1, 3}));
  EXPECT_FALSE(cluster.stop(2)) << "already stopped";
  EXPECT_FALSE(cluster.stop(4)) << "no such node";
  // New listeners never go to a stopped node.
  EXPECT_NE(cluster.add({9, 1}), 2);
}

TEST(ListenerCluster, StartingANodeSpreadsTheListenersAgain) {
  ListenerCluster cluster(2);
  for (std::int64_t user = 1; user <= 4; ++user) {
    cluster.add({user, 1});
  }
  ASSERT_TRUE(cluster.stop(1));
  EXPECT_EQ(cluster.listenersOf(2).size(), 4u);
  ASSERT_TRUE(cluster.start(1));
  EXPECT_EQ(cluster.listenersOf(1), (Users{{1, 1}, {3, 1}}));
  EXPECT_EQ(cluster.listenersOf(2), (Users{{2, 1}, {4, 1}}));
  EXPECT_FALSE(cluster.start(1)) << "already running";
}

TEST(ListenerCluster, WithEveryNodeStoppedListenersWaitForTheNextStart) {
  ListenerCluster cluster(1);
  cluster.add({1, 1});
  ASSERT_TRUE(cluster.stop(1));
  EXPECT_EQ(cluster.ownerOf({1, 1}), std::nullopt);
  EXPECT_EQ(cluster.add({2, 1}), std::nullopt);
  EXPECT_EQ(cluster.users(), (Users{{1, 1}, {2, 1}}));
  ASSERT_TRUE(cluster.start(1));
  EXPECT_EQ(cluster.listenersOf(1), (Users{{1, 1}, {2, 1}}));
}

TEST(ListenerCluster, RejectsAnEmptyCluster) {
  EXPECT_THROW(ListenerCluster(0), std::invalid_argument);
}

}  // namespace
}  // namespace oxh::facade::pns
