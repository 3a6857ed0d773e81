// PnsService: from Dovecot's messageNew to APNs/FCM (ox.md 2.7, 4.6; push.md 3).
#include "mock_facade/pns/pns_service.hpp"

#include <algorithm>

namespace oxh::facade::pns {

namespace {

std::string who(std::int64_t user, std::int64_t context) {
  return "user=" + std::to_string(user) + "@" + std::to_string(context);
}

}  // namespace

void PnsService::onMessageNew(const NotifyMessageNew& event) {
  // The REST service's message data (ox.md 2.7): folder "default0/<folder>", id = imap-uid,
  // email/displayname from From, subject, unread = unseen (>= 0), teaser = snippet.
  MailNewData data;
  data.folder = "default0/" + event.folder;
  data.id = std::to_string(event.uid);
  splitFrom(event.from, data.email, data.displayname);
  data.subject = event.subject;
  data.teaser = event.snippet;
  if (event.unseen && *event.unseen >= 0) {
    data.unread = *event.unseen;
  }
  const UserKey key{event.userId, event.contextId};
  const auto delay = options_.config.delayDuration();
  int events = 0;
  std::uint64_t generation = 0;
  {
    // com.openexchange.pns.delayDuration, as PushNotificationServiceImpl buffers (CONFIRMED from
    // the middleware's source, 7.8.3 and 8.x; REFUTES the earlier "latest one wins"): each
    // notification waits `delay`; one equal to a buffered one (same user, topic and message
    // data) resets that one's delay and is not sent twice; different ones (another mail) are
    // each sent, in order. 8.x also caps the resets (maxDelayDuration, 10 s), not modelled.
    std::lock_guard lock(mutex_);
    auto& queue = pending_[key];
    generation = nextGeneration_++;
    const auto same =
        std::find_if(queue.begin(), queue.end(), [&](const Pending& pending) { return pending.data == data; });
    if (same != queue.end()) {
      same->generation = generation;
      events = ++same->events;
    } else {
      queue.push_back(Pending{data, 1, generation});
      events = 1;
    }
  }
  record("pns.event", "messageNew " + who(event.userId, event.contextId) + " uid=" + data.id,
         {{"user_id", event.userId},
          {"context_id", event.contextId},
          {"data", data.toJson()},
          {"aggregated", events},
          {"delay_ms", delay.count()}});
  worker_.postAt(WorkQueue::Clock::now() + delay, [this, key, generation] { dispatch(key, generation); });
}

void PnsService::dispatch(UserKey key, std::uint64_t generation) {
  Pending pending;
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(key);
    if (it == pending_.end()) {
      return;
    }
    auto& queue = it->second;
    const auto due = std::find_if(queue.begin(), queue.end(),
                                  [&](const Pending& entry) { return entry.generation == generation; });
    if (due == queue.end()) {
      return;  // reset by an equal notification since: that one's dispatch sends it
    }
    pending = *due;
    queue.erase(due);
    if (queue.empty()) {
      pending_.erase(it);
    }
  }
  const auto user = users_(key.first, key.second);
  if (!user) {
    // The REST service rethrows USER_NOT_FOUND (ox.md 2.7); nothing is pushed.
    record("pns.finding", "unknown " + who(key.first, key.second) + ": nothing pushed",
           {{"id", "oxh.pns.unknown-user"}, {"user_id", key.first}, {"context_id", key.second}});
    return;
  }
  std::vector<Subscription> targets;
  for (const auto& subscription : subscriptions_.matching(key.first, key.second, kTopicMailNew)) {
    const std::string transportId =
        subscription.transport == "apn" ? (era_ == Era::V78 ? "apn" : "apns_http2") : subscription.transport;
    std::string skip;
    if (transportId != "apn" && transportId != "apns_http2" && transportId != "gcm") {
      // The facade's generator serves only apn and gcm (ox.md 4.6); wns/websocket/webhook have
      // no sender here.
      skip = "no OX Mail push over transport '" + transportId + "'";
    } else if (!options_.config.generatorServes(subscription.client)) {
      skip = "no message generator for client '" + subscription.client + "'";
    } else if (!options_.config.transportEnabled(transportId, subscription.client, kTopicMailNew)) {
      skip = "transport " + transportId + " not enabled for " + subscription.client;
    }
    if (!skip.empty()) {
      record("pns.finding", skip + " (" + subscription.token + ")",
             {{"id", "oxh.pns.not-enabled"}, {"subscription", subscription.toJson()}, {"message", skip}});
      continue;
    }
    targets.push_back(subscription);
  }
  if (!targets.empty()) {
    dispatchTo(*user, pending.data, targets);
  }
}

std::optional<long long> PnsService::badgeFor(const FacadeUser& user, const MailNewData& data, std::string& source) {
  // 7.10+ takes Dovecot's "unseen"; the 7.8 REST code read "unread", which Dovecot never sends
  // (ox.md 2.7), so there (and when Dovecot sent none) the count is asked over IMAP.
  if (era_ == Era::V710 && data.unread) {
    source = "notify";
    return data.unread;
  }
  if (!options_.imapServer) {
    source = "none";
    return std::nullopt;
  }
  const auto account = accountOf(user);
  if (!account) {
    source = "imap-failed: no stored credentials";
    return std::nullopt;
  }
  std::string error;
  auto unseen = imap_.unseen(*account, error);
  source = unseen ? "imap" : "imap-failed: " + error;
  return unseen;
}

void PnsService::dispatchTo(const FacadeUser& user, const MailNewData& original,
                            const std::vector<Subscription>& targets) {
  MailNewData data = original;
  std::string badgeSource;
  data.unread = badgeFor(user, original, badgeSource);
  GeneratorSettings settings;
  settings.badge = options_.config.badgeEnabled();
  settings.sound = options_.config.soundEnabled();
  settings.soundFile = options_.config.soundFilename();

  std::vector<Subscription> apns;       // "apn": the era's APNs transport
  std::vector<Subscription> apnsHttp2;  // "apns_http2": HTTP/2 in every era
  std::vector<Subscription> gcm;
  for (const auto& subscription : targets) {
    if (subscription.transport == "gcm") {
      gcm.push_back(subscription);
    } else if (subscription.transport == "apns_http2" || era_ == Era::V710) {
      apnsHttp2.push_back(subscription);
    } else {
      apns.push_back(subscription);
    }
  }
  const auto payload = apnsPayload(era_, data, settings);
  const auto payloadText = payload.dump();
  const auto noSender = [&](const Subscription& subscription, const std::string& what) {
    SendResult result;
    result.token = subscription.token;
    result.reason = "no " + what + " configured";
    applyResult(subscription, result, nlohmann::json::parse(payloadText), badgeSource);
  };
  if (!apns.empty()) {
    if (!apnsLegacy_) {
      for (const auto& s : apns) {
        noSender(s, "legacy APNs gateway");
      }
    } else {
      std::vector<std::pair<std::string, std::string>> batch;
      for (const auto& s : apns) {
        batch.emplace_back(s.token, payloadText);
      }
      const auto results = apnsLegacy_->send(batch);
      for (std::size_t i = 0; i < apns.size(); ++i) {
        applyResult(apns[i], results[i], nlohmann::json::parse(payloadText), badgeSource);
      }
    }
  }
  for (const auto& s : apnsHttp2) {
    if (!apnsHttp2_) {
      noSender(s, "HTTP/2 APNs endpoint");
      continue;
    }
    applyResult(s, apnsHttp2_->send(s.token, payloadText), nlohmann::json::parse(payloadText), badgeSource);
  }
  if (!gcm.empty()) {
    const auto fcmPayload = fcmData(data);
    const nlohmann::json dataJson = nlohmann::json::parse(fcmPayload.dump());
    if (!fcm_) {
      for (const auto& s : gcm) {
        SendResult result;
        result.token = s.token;
        result.reason = "no FCM endpoint configured";
        applyResult(s, result, dataJson, badgeSource);
      }
      return;
    }
    std::vector<std::string> tokens;
    for (const auto& s : gcm) {
      tokens.push_back(s.token);
    }
    const auto results = fcm_->send(tokens, fcmPayload);
    for (std::size_t i = 0; i < gcm.size(); ++i) {
      applyResult(gcm[i], results[i], dataJson, badgeSource);
    }
  }
}

void PnsService::applyResult(const Subscription& subscription, const SendResult& result, const nlohmann::json& payload,
                             const std::string& badgeSource) {
  const std::string sender = subscription.transport == "apns_http2" ? "apns-http2"
                             : subscription.transport == "apn"      ? (era_ == Era::V78 ? "apns-legacy" : "apns-http2")
                                                               : (options_.fcm ? "fcm-" + options_.fcm->api : "fcm");
  record("pns.dispatch",
         "push " + who(subscription.userId, subscription.contextId) + " " + sender + " " + subscription.token + " -> " +
             (result.delivered ? "delivered" : "failed: " + result.reason),
         {{"user_id", subscription.userId},
          {"context_id", subscription.contextId},
          {"client", subscription.client},
          {"transport", subscription.transport},
          {"sender", sender},
          {"token", subscription.token},
          {"era", eraName(era_)},
          {"payload", payload},
          {"badge_source", badgeSource},
          {"result", result.toJson()}});
  if (result.removeSubscription) {
    const auto removed = subscriptions_.removeToken(subscription.transport, subscription.token);
    record("pns.subscription-removed",
           "removed " + std::to_string(removed.size()) + " subscription(s) of token " + subscription.token + ": " +
               result.reason,
           {{"token", subscription.token},
            {"transport", subscription.transport},
            {"reason", result.reason},
            {"count", removed.size()}});
  } else if (!result.newToken.empty() && result.newToken != subscription.token) {
    const auto changed = subscriptions_.replaceToken(subscription.transport, subscription.token, result.newToken);
    record("pns.token-replaced", "token " + subscription.token + " -> canonical " + result.newToken,
           {{"token", subscription.token}, {"new_token", result.newToken}, {"count", changed}});
  }
}

}  // namespace oxh::facade::pns
