#pragma once
// The fake middleware's Push Notification Service (ox.md 2.6, 4): the /ajax/pns module
// (subscribe, unsubscribe), the ox:mail:new dispatch from Dovecot's http-notify calls (hand
// onMessageNew to NotifyReceiverOptions::onMessageNew), the message generators of the
// configured middleware era, the APNs (HTTP/2 or legacy binary) and FCM (legacy or v1)
// senders, and the permanent listeners' METADATA registration at the IMAP server.
//
// Journal (component "pns"): pns.subscribe, pns.unsubscribe, pns.takeover, pns.rejected (bad
// subscribe input), pns.listener {action: register|unregister, user_id, context_id, ok,
// skipped, previous, error}, pns.credentials {action: stored|removed} (never the secret), pns.event (a messageNew
// received), pns.dispatch (one per token: client, transport, token, era, payload or data, badge source, result),
// pns.subscription- removed / pns.token-replaced, pns.finding (unknown user, disabled transport, no sender),
// pns.node {action: stop|crash|start, node} (a cluster membership change).
//
// Cluster (PnsOptions::nodes > 1): N middleware nodes in one process share the subscriptions (as
// the real nodes share Hazelcast) and split the permanent listeners (ListenerCluster has the
// rule). pns.listener entries name the node. When a node stops, its listeners are unregistered
// (SETMETADATA NIL, as DovecotPushListener.unregister does for a listener no other listener
// replaces) and the rescheduled owners register again (GETMETADATA check + SETMETADATA). A
// listener moved between two running nodes is dropped by the old one without touching Dovecot
// and registered by the new one, whose GETMETADATA check finds the value and skips SETMETADATA
// (action "drop" then "register" with skipped=true): our MODEL, so no user loses push.
//
// Wiring (see mock_facade/tools/oxh_pns_stack.cpp for a complete example): construct it before
// the NotifyReceiver and set NotifyReceiverOptions::onMessageNew to call onMessageNew(); register
// each actions() entry with FakeFacade::registerAction("pns", name, handler, true); give the
// fakes what the senders present (FakeApns::addKey for the signing key, FakeFcm::addServerKey);
// stop() it before the fakes stop.
//
// Ownership: owns its worker thread and a one-thread io_context for its IMAP clients. The user
// lookup is called on the worker and on the caller's thread.
// Thread: actions() handlers and onMessageNew() may be called from any thread and never block
// on the network; the network work runs on the worker. stop() (or the destructor) joins it.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_facade/ajax/ajax_call.hpp"
#include "mock_facade/notify/notify_receiver.hpp"
#include "mock_facade/pns/apns_http2_sender.hpp"
#include "mock_facade/pns/apns_legacy_sender.hpp"
#include "mock_facade/pns/credential_store.hpp"
#include "mock_facade/pns/fcm_sender.hpp"
#include "mock_facade/pns/listener_cluster.hpp"
#include "mock_facade/pns/message_generator.hpp"
#include "mock_facade/pns/middleware_imap.hpp"
#include "mock_facade/pns/pns_config.hpp"
#include "mock_facade/pns/subscription_store.hpp"
#include "mock_facade/pns/work_queue.hpp"

namespace oxh::facade::pns {

struct PnsOptions {
  PnsConfig config = PnsConfig::harnessDefaults();
  std::string middlewareVersion = "7.10";      // 7.8.x -> JavaPNS + GCM legacy; 7.10+ -> HTTP/2 APNs + FCM
  std::optional<ApnsHttp2Target> apnsHttp2;    // 7.10+ "apn" subscriptions
  std::optional<ApnsLegacyTarget> apnsLegacy;  // 7.8 "apn" subscriptions
  std::optional<FcmTarget> fcm;                // "gcm" subscriptions (serverKey defaults from pns-gcm-options.yml)
  std::optional<net::HostPort> imapServer;     // badge lookups and permanent listeners
  std::chrono::milliseconds imapTimeout{5000};
  // With credstorage.enabled and credstorage.rdb=true, stored credentials persist in this file.
  std::string credentialFile;
  // Middleware nodes sharing the subscriptions; the permanent listeners are spread over them.
  int nodes = 1;
};

using UserLookup = std::function<std::optional<FacadeUser>(std::int64_t userId, std::int64_t contextId)>;

class PnsService {
 public:
  // Throws OxhException [oxh.pns.config] for an unknown middleware version.
  PnsService(journal::Journal& journal, PnsOptions options, UserLookup users);
  ~PnsService();
  PnsService(const PnsService&) = delete;
  PnsService& operator=(const PnsService&) = delete;

  // {"subscribe", "unsubscribe"} for module "pns"; both need a session.
  std::map<std::string, AjaxAction> actions();
  // An accepted Dovecot messageNew: aggregated for delayDuration, then dispatched.
  void onMessageNew(const NotifyMessageNew& event);
  void stop();

  SubscriptionStore& subscriptions() { return subscriptions_; }
  [[nodiscard]] Era era() const { return era_; }
  // 7.8's listpushusers output: "user=249, context=1, permanent=true" per running listener
  // (of the whole cluster, or of one node 1..nodes as the tool prints it on that node).
  [[nodiscard]] std::string listPushUsers() const;
  [[nodiscard]] std::string listPushUsers(int node) const;
  // For control planes: {"era","subscriptions":[...],"listeners":[{"user_id","context_id","node"}],
  // "nodes":[{"node","running","listeners":[...]}],"pending":N}.
  [[nodiscard]] nlohmann::json state() const;

  // Cluster membership (nodes 1..nodes): false when the node is unknown or already in that
  // state. The hand-over runs on the worker (journaled as pns.listener entries).
  [[nodiscard]] int nodeCount() const;
  // crash: the node dies without a word (no SETMETADATA NIL); the new owner's GETMETADATA
  // check then finds the value still there and skips SETMETADATA.
  bool stopNode(int node, bool crash = false);
  bool startNode(int node);
  // A clean slate (serve's reset): forgets subscriptions, pending events, listeners and stored
  // credentials, and every node runs again. Dovecot's METADATA is left as it is (the IMAP
  // server's state is not the middleware's to clear).
  void reset();

  // The action bodies, callable directly (tests, other front ends).
  nlohmann::json subscribe(const FacadeUser& user, const nlohmann::json& body);
  nlohmann::json unsubscribe(const FacadeUser& user, const nlohmann::json& body);

 private:
  using UserKey = std::pair<std::int64_t, std::int64_t>;
  // One buffered notification (PushNotificationServiceImpl's queue): an equal one arriving
  // before it is due resets its delay instead of queueing a second.
  struct Pending {
    MailNewData data;
    int events = 0;
    std::uint64_t generation = 0;  // which scheduled dispatch is the live one
  };

  void record(const std::string& kind, const std::string& summary, nlohmann::json data);
  bool qualifiesForListener(const Subscription& subscription) const;
  void refreshListener(const FacadeUser& user);
  // Worker only: brings the registration at the IMAP server in line with the cluster's plan.
  void reconcile(UserKey key, const std::optional<ImapAccount>& account);
  void reconcileAll();
  bool changeNode(int node, bool start, bool crash);
  void recordListener(const std::string& action, UserKey key, int node, const ListenerOutcome& outcome,
                      const std::string& reason);
  void dispatch(UserKey key, std::uint64_t generation);
  void dispatchTo(const FacadeUser& user, const MailNewData& data, const std::vector<Subscription>& targets);
  std::optional<long long> badgeFor(const FacadeUser& user, const MailNewData& data, std::string& source);
  void applyResult(const Subscription& subscription, const SendResult& result, const nlohmann::json& payload,
                   const std::string& badgeSource);
  // The IMAP account a session-less listener (or badge lookup) logs in with: the stored
  // credentials when credstorage is enabled, else the user's own (passwordSource=global).
  std::optional<ImapAccount> accountOf(const FacadeUser& user) const;

  journal::Journal& journal_;
  PnsOptions options_;
  UserLookup users_;
  Era era_;
  ListenerCluster cluster_;  // wanted listeners and their owner node (guarded by mutex_; worker-applied)
  SubscriptionStore subscriptions_;
  std::unique_ptr<ApnsHttp2Sender> apnsHttp2_;
  std::unique_ptr<ApnsLegacySender> apnsLegacy_;
  std::unique_ptr<FcmSender> fcm_;
  std::unique_ptr<CredentialStore> credentials_;
  net::IoRuntime imapRuntime_{1};
  MiddlewareImap imap_;
  mutable std::mutex mutex_;
  std::map<UserKey, std::vector<Pending>> pending_;
  std::uint64_t nextGeneration_ = 1;
  std::map<UserKey, int> registered_;  // registered at the IMAP server, by node
  std::set<int> crashed_;              // stopped without unregistering
  WorkQueue worker_;              // last: stops first
};

}  // namespace oxh::facade::pns
