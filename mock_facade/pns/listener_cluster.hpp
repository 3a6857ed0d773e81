#pragma once
// Which facade (middleware) node runs which permanent push listener, for a cluster of N nodes
// in one process that share one subscription store (as the real nodes share Hazelcast).
//
// The rule on a membership change (a node stops or starts) is the real middleware's
// PermanentListenerRescheduler (com.openexchange.push.impl.balancing.reschedulerpolicy): the
// capable members sorted by address, the push users as a list, and user i goes to member
// i % members. Our model fills in what that code leaves to its surroundings: members are sorted
// by node number (node 1 first), the push users by (context id, user id) (the real list's order
// comes from the listener registry), and a listener started between membership changes (a new
// PNS subscription) goes to the running node with the fewest listeners, the lowest number on a
// tie, so listeners stay spread evenly without moving the others (MODEL, not confirmed).
//
// Socket-free and not thread-safe: PnsService guards it with its own mutex.
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace oxh::facade::pns {

// (user id, context id), as PnsService keys its listeners.
using PushUserKey = std::pair<std::int64_t, std::int64_t>;

class ListenerCluster {
 public:
  // Nodes are numbered 1..nodes and all run. Throws std::invalid_argument for nodes < 1.
  explicit ListenerCluster(int nodes);

  [[nodiscard]] int size() const { return static_cast<int>(running_.size()); }
  [[nodiscard]] bool running(int node) const;
  [[nodiscard]] std::vector<int> runningNodes() const;

  // A new permanent listener: placed on the least loaded running node (kept where it is when
  // already placed). nullopt when no node runs (it is placed on the next start()).
  std::optional<int> add(const PushUserKey& user);
  void remove(const PushUserKey& user);
  [[nodiscard]] std::optional<int> ownerOf(const PushUserKey& user) const;
  [[nodiscard]] bool contains(const PushUserKey& user) const { return owner_.count(user) != 0; }
  // The node's listeners ordered by (context id, user id).
  [[nodiscard]] std::vector<PushUserKey> listenersOf(int node) const;
  // Every listener that should run, placed or not (none placed while every node is stopped).
  [[nodiscard]] std::vector<PushUserKey> users() const;

  // Membership changes: false when the node is unknown or already in that state; otherwise
  // every listener is rescheduled over the running nodes with the rule above.
  bool stop(int node);
  bool start(int node);

 private:
  void reschedule();

  std::vector<bool> running_;                        // index node - 1
  std::map<PushUserKey, std::optional<int>> owner_;  // nullopt: no node runs
};

}  // namespace oxh::facade::pns
