#include "mock_facade/pns/listener_cluster.hpp"

#include <algorithm>
#include <stdexcept>

namespace oxh::facade::pns {

namespace {

bool byContextThenUser(const PushUserKey& a, const PushUserKey& b) {
  return std::tie(a.second, a.first) < std::tie(b.second, b.first);
}

}  // namespace

ListenerCluster::ListenerCluster(int nodes) {
  if (nodes < 1) {
    throw std::invalid_argument("a facade cluster needs at least one node, got " + std::to_string(nodes));
  }
  running_.assign(static_cast<std::size_t>(nodes), true);
}

bool ListenerCluster::running(int node) const {
  return node >= 1 && node <= size() && running_[static_cast<std::size_t>(node - 1)];
}

std::vector<int> ListenerCluster::runningNodes() const {
  std::vector<int> out;
  for (int node = 1; node <= size(); ++node) {
    if (running(node)) {
      out.push_back(node);
    }
  }
  return out;
}

std::optional<int> ListenerCluster::add(const PushUserKey& user) {
  if (auto found = owner_.find(user); found != owner_.end() && found->second) {
    return found->second;
  }
  std::optional<int> best;
  std::size_t bestLoad = 0;
  for (const int node : runningNodes()) {
    const auto load = listenersOf(node).size();
    if (!best || load < bestLoad) {
      best = node;
      bestLoad = load;
    }
  }
  owner_[user] = best;
  return best;
}

void ListenerCluster::remove(const PushUserKey& user) { owner_.erase(user); }

std::optional<int> ListenerCluster::ownerOf(const PushUserKey& user) const {
  const auto found = owner_.find(user);
  return found == owner_.end() ? std::nullopt : found->second;
}

std::vector<PushUserKey> ListenerCluster::listenersOf(int node) const {
  std::vector<PushUserKey> out;
  for (const auto& [user, owner] : owner_) {
    if (owner == node) {
      out.push_back(user);
    }
  }
  std::sort(out.begin(), out.end(), byContextThenUser);
  return out;
}

std::vector<PushUserKey> ListenerCluster::users() const {
  std::vector<PushUserKey> out;
  for (const auto& entry : owner_) {
    out.push_back(entry.first);
  }
  std::sort(out.begin(), out.end(), byContextThenUser);
  return out;
}

bool ListenerCluster::stop(int node) {
  if (!running(node)) {
    return false;
  }
  running_[static_cast<std::size_t>(node - 1)] = false;
  reschedule();
  return true;
}

bool ListenerCluster::start(int node) {
  if (node < 1 || node > size() || running(node)) {
    return false;
  }
  running_[static_cast<std::size_t>(node - 1)] = true;
  reschedule();
  return true;
}

void ListenerCluster::reschedule() {
  const auto members = runningNodes();
  const auto all = users();
  for (std::size_t i = 0; i < all.size(); ++i) {
    owner_[all[i]] = members.empty() ? std::nullopt : std::optional<int>(members[i % members.size()]);
  }
}

}  // namespace oxh::facade::pns
