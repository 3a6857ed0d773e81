// PnsService's permanent listeners: which node runs them (ListenerCluster), their registration
// at the IMAP server (MiddlewareImap, on the worker), listpushusers, and cluster membership.
#include <sstream>

#include "mock_facade/pns/pns_service.hpp"

namespace oxh::facade::pns {

namespace {

std::string userText(std::pair<std::int64_t, std::int64_t> key) {
  return "user=" + std::to_string(key.first) + "@" + std::to_string(key.second);
}

}  // namespace

void PnsService::refreshListener(const FacadeUser& user) {
  if (!options_.imapServer) {
    return;
  }
  const UserKey key{user.userId, user.contextId};
  bool wanted = false;
  for (const auto& subscription : subscriptions_.forUser(user.userId, user.contextId)) {
    wanted = wanted || qualifiesForListener(subscription);
  }
  {
    std::lock_guard lock(mutex_);
    if (wanted) {
      cluster_.add(key);
    } else {
      cluster_.remove(key);
    }
  }
  worker_.post([this, key, account = accountOf(user)] { reconcile(key, account); });
}

void PnsService::recordListener(const std::string& action, UserKey key, int node, const ListenerOutcome& outcome,
                                const std::string& reason) {
  std::string summary = action + " " + userText(key) + " on node " + std::to_string(node);
  if (action != "drop") {
    summary += outcome.ok ? (outcome.skipped ? " (already set)" : " ok") : " failed: " + outcome.error;
  }
  if (!reason.empty()) {
    summary += " (" + reason + ")";
  }
  record("pns.listener", summary,
         {{"action", action},
          {"user_id", key.first},
          {"context_id", key.second},
          {"node", node},
          {"ok", outcome.ok},
          {"skipped", outcome.skipped},
          {"previous", outcome.previous},
          {"error", outcome.error},
          {"reason", reason}});
}

void PnsService::reconcile(UserKey key, const std::optional<ImapAccount>& account) {
  std::optional<int> desired;
  std::optional<int> actual;
  bool wanted = false;
  bool actualRunning = false;
  bool actualCrashed = false;
  {
    std::lock_guard lock(mutex_);
    desired = cluster_.ownerOf(key);
    wanted = cluster_.contains(key);
    if (auto found = registered_.find(key); found != registered_.end()) {
      actual = found->second;
      actualRunning = cluster_.running(found->second);
      actualCrashed = !actualRunning && crashed_.count(found->second) != 0;
    }
  }
  if (desired == actual) {
    return;
  }
  const auto run = [&](bool registering) {
    ListenerOutcome outcome;
    if (!account) {
      outcome.error = "no stored credentials (com.openexchange.push.credstorage)";
    } else {
      outcome = registering ? imap_.registerListener(*account) : imap_.unregisterListener(*account);
    }
    return outcome;
  };
  if (actual && actualCrashed) {
    // A crashed node unregisters nothing: its registration stays at Dovecot for the next owner.
    {
      std::lock_guard lock(mutex_);
      registered_.erase(key);
    }
    ListenerOutcome lost;
    lost.ok = true;
    recordListener("drop", key, *actual, lost, "node crashed");
  } else if (actual && (!actualRunning || !desired)) {
    // The node stopped (its listeners unregister on the way out) or nobody wants the listener.
    const auto outcome = run(false);
    if (outcome.ok || !actualRunning) {
      std::lock_guard lock(mutex_);
      registered_.erase(key);
    }
    if (outcome.ok && !wanted && credentials_) {
      credentials_->remove(key.first, key.second);
      record("pns.credentials", "removed credentials of " + userText(key),
             {{"action", "removed"}, {"user_id", key.first}, {"context_id", key.second}});
    }
    recordListener("unregister", key, *actual, outcome, actualRunning ? "" : "node stopped");
  } else if (actual) {
    // Rescheduled between two running nodes: the old one lets go without touching Dovecot.
    {
      std::lock_guard lock(mutex_);
      registered_.erase(key);
    }
    ListenerOutcome dropped;
    dropped.ok = true;
    recordListener("drop", key, *actual, dropped, "rescheduled to node " + std::to_string(*desired));
  }
  if (desired) {
    const auto outcome = run(true);
    if (outcome.ok) {
      std::lock_guard lock(mutex_);
      registered_[key] = *desired;
    }
    recordListener("register", key, *desired, outcome, actual ? "taken over from node " + std::to_string(*actual) : "");
  }
}

void PnsService::reconcileAll() {
  std::set<UserKey> keys;
  {
    std::lock_guard lock(mutex_);
    for (const auto& key : cluster_.users()) {
      keys.insert(key);
    }
    for (const auto& entry : registered_) {
      keys.insert(entry.first);
    }
  }
  for (const auto& key : keys) {
    std::optional<ImapAccount> account;
    if (auto user = users_(key.first, key.second)) {
      account = accountOf(*user);
    }
    reconcile(key, account);
  }
}

int PnsService::nodeCount() const {
  std::lock_guard lock(mutex_);
  return cluster_.size();
}

bool PnsService::stopNode(int node, bool crash) {
  return changeNode(node, false, crash);
}

bool PnsService::startNode(int node) {
  return changeNode(node, true, false);
}

bool PnsService::changeNode(int node, bool start, bool crash) {
  {
    std::lock_guard lock(mutex_);
    if (!(start ? cluster_.start(node) : cluster_.stop(node))) {
      return false;
    }
    if (crash) {
      crashed_.insert(node);
    } else {
      crashed_.erase(node);
    }
  }
  const std::string action = start ? "start" : crash ? "crash" : "stop";
  record("pns.node", action + " node " + std::to_string(node), {{"action", action}, {"node", node}});
  if (options_.imapServer) {
    worker_.post([this] { reconcileAll(); });
  }
  return true;
}

void PnsService::reset() {
  subscriptions_.clear();
  {
    std::lock_guard lock(mutex_);
    pending_.clear();
    registered_.clear();
    crashed_.clear();
    cluster_ = ListenerCluster(options_.nodes);
  }
  if (credentials_) {
    credentials_->clear();
  }
  record("pns.reset", "subscriptions, listeners and stored credentials forgotten", nlohmann::json::object());
}

std::string PnsService::listPushUsers() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  for (const auto& [key, node] : registered_) {
    out << "user=" << key.first << ", context=" << key.second << ", permanent=true\n";
  }
  return out.str();
}

std::string PnsService::listPushUsers(int node) const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  for (const auto& [key, owner] : registered_) {
    if (owner == node) {
      out << "user=" << key.first << ", context=" << key.second << ", permanent=true\n";
    }
  }
  return out.str();
}

nlohmann::json PnsService::state() const {
  nlohmann::json out{
      {"era", eraName(era_)}, {"subscriptions", nlohmann::json::array()}, {"listeners", nlohmann::json::array()}};
  for (const auto& subscription : subscriptions_.all()) {
    out["subscriptions"].push_back(subscription.toJson());
  }
  std::lock_guard lock(mutex_);
  for (const auto& [key, node] : registered_) {
    out["listeners"].push_back({{"user_id", key.first}, {"context_id", key.second}, {"node", node}});
  }
  out["nodes"] = nlohmann::json::array();
  for (int node = 1; node <= cluster_.size(); ++node) {
    nlohmann::json listeners = nlohmann::json::array();
    for (const auto& [key, owner] : registered_) {
      if (owner == node) {
        listeners.push_back({{"user_id", key.first}, {"context_id", key.second}});
      }
    }
    out["nodes"].push_back({{"node", node}, {"running", cluster_.running(node)}, {"listeners", listeners}});
  }
  out["pending"] = pending_.size();
  return out;
}

}  // namespace oxh::facade::pns
