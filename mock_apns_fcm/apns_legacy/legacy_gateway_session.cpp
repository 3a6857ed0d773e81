#include "mock_apns_fcm/apns_legacy/legacy_gateway_session.hpp"

#include "common/journal/journal.hpp"

namespace oxh::push::apns {

namespace {

// Payloads are bytes; JSON strings must be UTF-8, so anything else is kept as hex.
void putBody(nlohmann::json& request, const std::string& payload) {
  nlohmann::json text = payload;
  try {
    (void)text.dump();
    request["body"] = std::move(text);
  } catch (const nlohmann::json::exception&) {
    request["body_hex"] = tokenToHex(payload);
    return;
  }
  auto parsed = nlohmann::json::parse(payload, nullptr, false);
  if (!parsed.is_discarded()) {
    request["json"] = std::move(parsed);
  }
}

nlohmann::json optionalNumber(const std::optional<std::uint32_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

LegacyGatewaySession::LegacyGatewaySession(const LegacyGatewayShared& shared, std::string connection,
                                           std::optional<CertificateIdentity> certificate)
    : shared_(shared), connection_(std::move(connection)), certificate_(std::move(certificate)) {
  auth_ = certificate_ ? "cert uid=" + certificate_->uid : "";
}

void LegacyGatewaySession::journal(const std::string& kind, const std::string& summary, nlohmann::json data) {
  if (shared_.journal == nullptr) {
    return;
  }
  journal::Entry entry;
  entry.component = kLegacyComponent;
  entry.kind = kind;
  entry.connection = connection_;
  entry.summary = summary;
  entry.data = std::move(data);
  shared_.journal->append(std::move(entry));
}

LegacyGatewaySession::Output LegacyGatewaySession::receive(std::string_view bytes) {
  Output out;
  if (closing_) {
    return out;
  }
  decoder_.feed(bytes);
  while (!closing_) {
    auto decoded = decoder_.next();
    if (!decoded) {
      break;
    }
    if (decoded->kind == LegacyDecoded::Kind::Garbage) {
      journal("garbage", "not a notification: " + decoded->why,
              {{"why", decoded->why}, {"command", decoded->command}, {"status", 255}});
      out.write += encodeErrorResponse(LegacyStatus::Unknown, 0);
      out.close = closing_ = true;
      out.why = "garbage: " + decoded->why;
      break;
    }
    handle(decoded->notification, out);
  }
  if (closing_ && decoder_.buffered() > 0) {
    // [A4]: notifications after the bad one are discarded; the client must resend them.
    journal("discarded", std::to_string(decoder_.buffered()) + " bytes after the error discarded",
            {{"bytes", decoder_.buffered()}});
  }
  return out;
}

void LegacyGatewaySession::handle(const LegacyNotification& notification, Output& out) {
  const auto tokenHex = notification.token ? tokenToHex(*notification.token) : std::string();
  if (notification.token && notification.token->size() == kLegacyTokenBytes && shared_.feedback != nullptr) {
    shared_.feedback->track(tokenHex);
  }
  const auto reject = [&](LegacyStatus status, const std::string& why) {
    out.close = closing_ = true;
    out.why = std::string(legacyStatusName(status)) + ": " + why;
    if (!notification.hasIdentifier) {
      record(notification, tokenHex, status, why, {{"closed", true}});
      return;
    }
    const auto identifier = status == LegacyStatus::Shutdown ? lastAccepted_ : notification.identifier;
    out.write += encodeErrorResponse(status, identifier);
    record(notification, tokenHex, status, why,
           {{"error_response", {{"status", static_cast<int>(status)}, {"identifier", identifier}}}, {"closed", true}});
  };

  if (auto fault = shared_.faults->take(tokenHex)) {
    switch (fault->action) {
      case LegacyFault::Action::Close:
        out.close = closing_ = true;
        out.why = "fault: close";
        // Recorded with status 0 and its own reason: no status byte ever went out.
        record(notification, tokenHex, LegacyStatus::NoErrors, "fault: close", {{"closed", true}, {"fault", true}});
        return;
      case LegacyFault::Action::Shutdown:
        // Status 10: the identifier is the last notification processed (push.md §2, UNCONFIRMED wording).
        reject(LegacyStatus::Shutdown, "fault: shutdown");
        return;
      case LegacyFault::Action::Error:
        reject(fault->status, "fault: status " + std::to_string(static_cast<int>(fault->status)));
        return;
    }
  }
  const auto verdict =
      validateLegacy(notification, certificate_ ? &*certificate_ : nullptr, *shared_.devices, shared_.validation);
  if (!verdict.accepted()) {
    reject(verdict.status, verdict.why);
    return;
  }
  ++accepted_;
  lastAccepted_ = notification.identifier;
  record(notification, tokenHex, LegacyStatus::NoErrors, "", nlohmann::json::object());
}

void LegacyGatewaySession::record(const LegacyNotification& notification, const std::string& tokenHex,
                                  LegacyStatus status, const std::string& why, nlohmann::json response) {
  PushRecord record;
  record.connection = connection_;
  record.token = tokenHex;
  record.auth = auth_;
  nlohmann::json request{{"command", notification.command},
                         {"identifier", notification.hasIdentifier ? nlohmann::json(notification.identifier) : nullptr},
                         {"expiry", optionalNumber(notification.expiry)},
                         {"priority", notification.priority ? nlohmann::json(*notification.priority) : nullptr},
                         {"token_bytes", notification.token ? notification.token->size() : 0}};
  if (notification.payload) {
    putBody(request, *notification.payload);
  }
  if (!notification.unknownItems.empty()) {
    request["unknown_items"] = notification.unknownItems;
  }
  record.request = std::move(request);
  const bool closedByFault = status == LegacyStatus::NoErrors && !why.empty();
  record.status = closedByFault ? 0 : status == LegacyStatus::NoErrors ? 200 : static_cast<int>(status);
  record.reason = closedByFault ? "ConnectionClosed" : legacyReason(status);
  if (!why.empty()) {
    response["why"] = why;
  }
  record.response = std::move(response);
  shared_.log->append(std::move(record));
}

}  // namespace oxh::push::apns
