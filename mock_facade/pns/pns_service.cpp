#include "mock_facade/pns/pns_service.hpp"

#include <sstream>

#include "common/error/error.hpp"
#include "mock_facade/ajax/ajax_errors.hpp"

namespace oxh::facade::pns {

namespace {

// The errors of the middleware's PNS actions (com.openexchange.pns.json SubscribeAction and
// AbstractPushJsonAction, read in the appsuite-middleware history): a missing or non-array field
// is AjaxExceptionCodes.MISSING_FIELD (SVL-0002 "Missing the following field in JSON data"), a
// client other than the session's INVALID_PARAMETER_VALUE (SVL-0010), a bad topic name
// PushExceptionCodes.INVALID_TOPIC (PNS-0007 "Invalid topic: %1$s", USER_INPUT). CONFIRMED from
// that source (this replaces the earlier guess "UNCONFIRMED"). Still UNCONFIRMED: which code
// requireData() gives a missing body in 7.8.x (the ajax framework's SVL-0023 here) and whether
// an unknown transport is refused at subscribe time (SVL-0010 here; the action does not check it).
[[noreturn]] void missingField(const std::string& field) { throw errors::missingField(field); }
[[noreturn]] void invalidField(const std::string& field, const std::string& value) {
  throw errors::invalidParameter(field, value);
}
[[noreturn]] void invalidTopic(const std::string& topic) {
  throw AjaxError("PNS-0007", "USER_INPUT", "Invalid topic: %1$s", nlohmann::json::array({topic}));
}

std::string stringField(const nlohmann::json& body, const std::string& field, bool required) {
  if (!body.contains(field) || body[field].is_null()) {
    if (required) {
      missingField(field);
    }
    return {};
  }
  if (!body[field].is_string()) {
    invalidField(field, body[field].dump());
  }
  return body[field].get<std::string>();
}

nlohmann::json parseBody(const AjaxCall& call) {
  if (call.request.body.empty()) {
    throw errors::missingBody();
  }
  auto body = nlohmann::json::parse(call.request.body, nullptr, false);
  if (body.is_discarded()) {
    throw errors::invalidJsonBody();
  }
  if (!body.is_object()) {
    throw errors::invalidBodyType("JSONObject", body.type_name());
  }
  return body;
}

}  // namespace

PnsService::PnsService(journal::Journal& journal, PnsOptions options, UserLookup users)
    : journal_(journal),
      options_(std::move(options)),
      users_(std::move(users)),
      era_([&] {
        auto era = parseEra(options_.middlewareVersion);
        if (!era) {
          throw OxhException(Error("oxh.pns.config", "unknown middleware version '" + options_.middlewareVersion +
                                                         "' (want 7.8.x, 7.10.x or later)"));
        }
        return *era;
      }()),
      cluster_([&] {
        if (options_.nodes < 1) {
          throw OxhException(Error("oxh.pns.config", "a facade cluster needs at least one node, got " +
                                                         std::to_string(options_.nodes)));
        }
        return options_.nodes;
      }()),
      imap_(imapRuntime_.context(), journal, options_.imapTimeout) {
  if (options_.apnsHttp2) {
    apnsHttp2_ = std::make_unique<ApnsHttp2Sender>(*options_.apnsHttp2);
  }
  if (options_.apnsLegacy) {
    apnsLegacy_ = std::make_unique<ApnsLegacySender>(*options_.apnsLegacy);
  }
  if (options_.config.credstorageEnabled) {
    credentials_ = std::make_unique<CredentialStore>(options_.config.credstoragePasscrypt,
                                                     options_.config.credstorageRdb ? options_.credentialFile : "");
  }
  if (options_.fcm) {
    auto target = *options_.fcm;
    if (target.serverKey.empty()) {
      if (auto it = options_.config.gcm.find(kFacadeClient); it != options_.config.gcm.end()) {
        target.serverKey = it->second.key;
      }
    }
    fcm_ = std::make_unique<FcmSender>(target);
  }
}

PnsService::~PnsService() {
  stop();
}

void PnsService::stop() {
  worker_.stop();
  imapRuntime_.stop();
}

void PnsService::record(const std::string& kind, const std::string& summary, nlohmann::json data) {
  journal::Entry entry;
  entry.component = "pns";
  entry.kind = kind;
  entry.summary = summary;
  entry.data = std::move(data);
  journal_.append(std::move(entry));
}

std::map<std::string, AjaxAction> PnsService::actions() {
  const auto needUser = [](const AjaxCall& call) -> const FacadeUser& {
    if (call.user == nullptr) {
      throw AjaxError("SES-0203", "USER_INPUT", "Your session expired. Please login again.");
    }
    return *call.user;
  };
  return {
      {"subscribe", [this, needUser](const AjaxCall& call) { return subscribe(needUser(call), parseBody(call)); }},
      {"unsubscribe", [this, needUser](const AjaxCall& call) { return unsubscribe(needUser(call), parseBody(call)); }},
  };
}

nlohmann::json PnsService::subscribe(const FacadeUser& user, const nlohmann::json& body) {
  Subscription subscription;
  subscription.userId = user.userId;
  subscription.contextId = user.contextId;
  try {
    // Without "client" the session's client id is used (ox.md 2.6); the facade's is assumed.
    subscription.client = body.contains("client") ? stringField(body, "client", true) : std::string(kFacadeClient);
    if (subscription.client.empty()) {
      missingField("client");
    }
    subscription.token = stringField(body, "token", true);
    if (subscription.token.empty()) {
      missingField("token");
    }
    const auto transport = stringField(body, "transport", true);
    const auto canonical = canonicalTransport(transport);
    if (!canonical) {
      invalidField("transport", transport);
    }
    subscription.transport = *canonical;
    if (!body.contains("topics")) {
      missingField("topics");
    }
    if (!body["topics"].is_array()) {
      missingField("topics");  // optJSONArray gives null for a non-array
    }
    if (body["topics"].empty()) {
      // The action takes an empty list; a subscription without topics is refused here
      // (UNCONFIRMED what the registry does with one).
      invalidField("topics", "[]");
    }
    for (const auto& topic : body["topics"]) {
      if (!topic.is_string()) {
        invalidTopic(topic.dump());
      }
      if (auto why = topicError(topic.get<std::string>()); !why.empty()) {
        invalidTopic(topic.get<std::string>());
      }
      subscription.topics.push_back(topic.get<std::string>());
    }
    subscription.meta = body.contains("meta") && body["meta"].is_string() ? body["meta"].get<std::string>() : "";
    if (body.contains("expires") && body["expires"].is_number_integer()) {
      subscription.expires = body["expires"].get<std::int64_t>();
    }
  } catch (const AjaxError& e) {
    record("pns.rejected", "subscribe rejected: " + e.code() + " " + e.params().dump(),
           {{"action", "subscribe"},
            {"user_id", user.userId},
            {"context_id", user.contextId},
            {"code", e.code()},
            {"params", e.params()},
            {"body", body}});
    throw;
  }
  auto takenOver = subscriptions_.subscribe(subscription);
  record("pns.subscribe",
         "subscribe user=" + std::to_string(user.userId) + "@" + std::to_string(user.contextId) + " " +
             subscription.transport + " " + subscription.token,
         subscription.toJson());
  if (takenOver) {
    record("pns.takeover",
           "token " + subscription.token + " taken over from user=" + std::to_string(takenOver->userId) + "@" +
               std::to_string(takenOver->contextId),
           {{"previous", takenOver->toJson()}, {"current", subscription.toJson()}});
    if (auto previous = users_(takenOver->userId, takenOver->contextId)) {
      refreshListener(*previous);
    }
  }
  if (credentials_ && qualifiesForListener(subscription)) {
    credentials_->store(user.userId, user.contextId,
                        {user.imapLogin.empty() ? user.login : user.imapLogin,
                         user.imapPassword.empty() ? user.password : user.imapPassword});
    record("pns.credentials",
           "stored credentials of user=" + std::to_string(user.userId) + "@" + std::to_string(user.contextId),
           {{"action", "stored"}, {"user_id", user.userId}, {"context_id", user.contextId}});
  }
  refreshListener(user);
  return {{"success", true}};
}

nlohmann::json PnsService::unsubscribe(const FacadeUser& user, const nlohmann::json& body) {
  std::string client;
  std::string token;
  std::string transport;
  try {
    client = body.contains("client") ? stringField(body, "client", true) : std::string(kFacadeClient);
    token = stringField(body, "token", true);
    transport = stringField(body, "transport", true);
  } catch (const AjaxError& e) {
    record("pns.rejected", "unsubscribe rejected: " + e.code(),
           {{"action", "unsubscribe"}, {"user_id", user.userId}, {"code", e.code()}, {"body", body}});
    throw;
  }
  const auto canonical = canonicalTransport(transport).value_or(transport);
  const auto removed = subscriptions_.unsubscribe(user.userId, user.contextId, client, canonical, token);
  record("pns.unsubscribe",
         "unsubscribe user=" + std::to_string(user.userId) + "@" + std::to_string(user.contextId) + " " + canonical +
             " " + token + (removed ? "" : " (none)"),
         {{"user_id", user.userId},
          {"context_id", user.contextId},
          {"client", client},
          {"transport", canonical},
          {"token", token},
          {"removed", removed.has_value()}});
  refreshListener(user);
  return {{"success", true}};
}

bool PnsService::qualifiesForListener(const Subscription& subscription) const {
  return subscription.covers(kTopicMailNew) && options_.config.permanentPushAllowed(subscription.client);
}

std::optional<ImapAccount> PnsService::accountOf(const FacadeUser& user) const {
  ImapAccount account;
  account.server = options_.imapServer.value_or(net::HostPort{});
  account.userId = user.userId;
  account.contextId = user.contextId;
  if (credentials_) {
    auto stored = credentials_->lookup(user.userId, user.contextId);
    if (!stored) {
      return std::nullopt;
    }
    account.login = stored->login;
    account.password = stored->password;
    return account;
  }
  account.login = user.imapLogin.empty() ? user.login : user.imapLogin;
  account.password = user.imapPassword.empty() ? user.password : user.imapPassword;
  return account;
}

}  // namespace oxh::facade::pns
