#include "mock_apns_fcm/apns/request_validator.hpp"

#include <algorithm>

#include "mock_apns_fcm/apns/header_rules.hpp"
#include "mock_apns_fcm/apns/uuid.hpp"

namespace oxh::push::apns {

std::optional<std::string> ApnsRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> ApnsRequest::headerView(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

Environment environmentFor(const std::string& authority, Environment fallback) {
  std::string host = authority;
  if (!host.empty() && host.front() != '[') {
    if (const auto colon = host.rfind(':'); colon != std::string::npos) {
      host.resize(colon);
    }
  }
  if (host == "api.push.apple.com") {
    return Environment::Production;
  }
  if (host == "api.sandbox.push.apple.com" || host == "api.development.push.apple.com") {
    return Environment::Sandbox;
  }
  return fallback;
}

namespace {

Verdict& fail(Verdict& verdict, Reason reason, std::string detail = {}) {
  verdict.reason = reason;
  verdict.detail = std::move(detail);
  return verdict;
}

// Certificate authentication (push.md §1.5): the certificate must carry a UID and the
// environment OID of the environment addressed; the topic must be one it covers.
std::optional<Reason> checkCertificate(const CertificateIdentity& cert, const std::string& topic,
                                       Environment environment, std::string& detail) {
  if (cert.uid.empty() || (!cert.sandbox && !cert.production)) {
    detail = "certificate has no UID or no Apple environment extension";
    return Reason::BadCertificate;
  }
  const bool envOk = environment == Environment::Sandbox ? cert.sandbox : cert.production;
  if (!envOk) {
    detail = "certificate is not valid for " + std::string(environmentName(environment));
    return Reason::BadCertificateEnvironment;
  }
  const auto allowed = cert.allowedTopics();
  if (std::find(allowed.begin(), allowed.end(), topic) == allowed.end()) {
    detail = "certificate does not cover topic '" + topic + "'";
    return Reason::TopicDisallowed;
  }
  return std::nullopt;
}

}  // namespace

Verdict validate(const ApnsRequest& request, ApnsConnectionContext& connection, const DeviceRegistry& devices,
                 const ProviderKeys& keys, const ValidationOptions& options, std::chrono::system_clock::time_point now) {
  Verdict verdict;
  verdict.environment = environmentFor(request.authority, options.defaultEnvironment);
  const auto pathKind = parseDevicePath(request.path, verdict.token);
  const auto topicHeader = request.header("apns-topic");
  verdict.topic = topicHeader.value_or(connection.certificate ? connection.certificate->defaultTopic() : "");
  if (connection.certificate) {
    verdict.auth = "cert uid=" + connection.certificate->uid;
  }

  if (request.duplicateHeader) {
    return fail(verdict, Reason::DuplicateHeaders, "repeated header " + *request.duplicateHeader);
  }
  if (const auto id = request.headerView("apns-id"); id && !isCanonicalUuid(*id)) {
    return fail(verdict, Reason::BadMessageId);
  }
  if (request.method != "POST") {
    return fail(verdict, Reason::MethodNotAllowed);
  }
  if (verdict.topic.empty() && !topicHeader) {
    // Required with token auth and with multi-topic certificates [A1].
    return fail(verdict, Reason::MissingTopic);
  }
  if (!validTopicSyntax(verdict.topic)) {
    return fail(verdict, Reason::BadTopic);
  }
  if (const auto collapse = request.header("apns-collapse-id"); collapse && collapse->size() > kMaxCollapseIdBytes) {
    return fail(verdict, Reason::BadCollapseId);
  }
  const auto priority = request.header("apns-priority");
  if (priority && !validPriority(*priority)) {
    return fail(verdict, Reason::BadPriority);
  }
  const auto pushType = request.header("apns-push-type");
  if (pushType && !validPushType(*pushType)) {
    return fail(verdict, Reason::InvalidPushType);
  }
  // A suffixed topic with another push type (header_rules.hpp checkPushTypePairing).
  const auto pairing = checkPushTypePairing(pushType, verdict.topic);
  if (pairing == PushTypePairing::InvalidPushType) {
    return fail(verdict, Reason::InvalidPushType,
                "topic '" + verdict.topic + "' is for push type " + std::string(*pushTypeForTopic(verdict.topic)));
  }
  // [A1]: background notifications must use priority 5; 10 is an error.
  if (pushType && *pushType == "background" && priority && *priority == "10") {
    return fail(verdict, Reason::BadPriority, "background push with priority 10");
  }
  if (const auto expiration = request.header("apns-expiration"); expiration && !validExpiration(*expiration)) {
    return fail(verdict, Reason::BadExpirationDate);
  }
  if (pathKind == DevicePath::MissingToken) {
    return fail(verdict, Reason::MissingDeviceToken);
  }
  if (pathKind == DevicePath::BadPath) {
    return fail(verdict, Reason::BadPath);
  }
  if (!validDeviceToken(verdict.token, options.strictTokenLength)) {
    return fail(verdict, Reason::BadDeviceToken, "not a hex device token");
  }

  std::string detail;
  if (connection.certificate) {
    if (const auto reason = checkCertificate(*connection.certificate, verdict.topic, verdict.environment, detail)) {
      return fail(verdict, *reason, detail);
    }
  } else {
    TokenAuthOptions tokenOptions;
    tokenOptions.enforceUpdateRate = options.enforceTokenUpdateRate;
    const auto auth = checkProviderToken(keys, request.headerView("authorization"), verdict.topic, verdict.environment,
                                         connection.token, now, tokenOptions);
    if (!auth.keyId.empty()) {
      verdict.auth.reserve(14 + auth.teamId.size() + auth.keyId.size());  // one allocation per push
      verdict.auth.append("jwt team=").append(auth.teamId).append(" kid=").append(auth.keyId);
    }
    if (auth.rejection) {
      return fail(verdict, *auth.rejection, auth.detail);
    }
    connection.tokenValidated = true;
  }

  if (pairing == PushTypePairing::DeviceTokenNotForTopic) {
    return fail(verdict, Reason::DeviceTokenNotForTopic,
                "push type " + *pushType + " wants a topic ending in " + std::string(*topicSuffixFor(*pushType)));
  }
  const auto device = devices.find(verdict.token);
  if (!device) {
    if (!options.acceptUnknownTokens) {
      return fail(verdict, Reason::BadDeviceToken, "token not registered");
    }
  } else if (device->environment != verdict.environment) {
    // [A2]: BadDeviceToken also means "a token for the other environment".
    return fail(verdict, Reason::BadDeviceToken, "token belongs to " + std::string(environmentName(device->environment)));
  } else if (device->topic != verdict.topic) {
    return fail(verdict, Reason::DeviceTokenNotForTopic, "token is registered for " + device->topic);
  } else if (device->unregisteredSince) {
    verdict.unregisteredSince = device->unregisteredSince;
    return fail(verdict, Reason::Unregistered);
  }

  if (request.bodySize == 0) {
    return fail(verdict, Reason::PayloadEmpty);
  }
  if (request.bodySize > payloadLimitFor(pushType)) {
    return fail(verdict, Reason::PayloadTooLarge, std::to_string(request.bodySize) + " bytes");
  }
  return verdict;
}

}  // namespace oxh::push::apns
