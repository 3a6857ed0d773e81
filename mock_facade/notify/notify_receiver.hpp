#pragma once
// The App Suite http-notify receiver that Dovecot's push_notification "ox" driver calls:
//   PUT /preliminary/http-notify/v1/notify, HTTP Basic auth, JSON body (ox.md section 2.7,
//   dovecot.md section 1.4).
// Answers as App Suite does: 401 with `WWW-Authenticate: Basic realm="OX REST", encoding="UTF-8"`
// for missing or wrong credentials, 403 when no credentials are configured, 200
// {"success":true} otherwise (also for events other than messageNew and for unparsable users,
// which App Suite only logs). Tolerates malformed JSON, journaling it as a finding.
// Journal: component "notify", kind "notify.request" per call, data {method, target, headers,
// body, auth: ok|missing|wrong|unconfigured, status, json (object or null), user_id, context_id,
// findings: [...]}; the transport-level exchange is journaled as component "notify.http".
// An accepted messageNew call (authenticated, answered 200, user parsed, folder and imap-uid
// present) is handed to `onMessageNew` (the PNS), on the io_context thread: keep it short.
// Dovecot's malformed JSON when From is absent ("imap-uid":5","subject"..., ox.md 4.4) is
// repaired for that hand-over and journaled as finding oxh.notify.dovecot-quirk.
// Thread: handlers run on the io_context; configuration is fixed at construction.
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/http1/server.hpp"
#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"

namespace oxh::facade {

// What the middleware takes from Dovecot's messageNew body (ox.md 2.7).
struct NotifyMessageNew {
  std::int64_t userId = 0;
  std::int64_t contextId = 0;
  std::string folder;  // IMAP name as sent ("INBOX")
  std::int64_t uid = 0;
  std::optional<std::int64_t> uidValidity;
  std::string from;
  std::string subject;
  std::string snippet;
  std::optional<std::int64_t> unseen;
};

struct NotifyReceiverOptions {
  net::HostPort listen{"127.0.0.1", 0};
  // com.openexchange.rest.services.basic-auth.login / .password; unset = not configured (403).
  std::optional<std::string> login = std::string("oxuser");
  std::optional<std::string> password = std::string("oxpass");
  std::string path = "/preliminary/http-notify/v1/notify";
  // Status for authenticated calls; a scenario may set 500 or 503 to exercise Dovecot's retries.
  int status = 200;
  std::string retryAfter;  // sent with the scripted status when non-empty
  std::function<void(const NotifyMessageNew&)> onMessageNew;  // accepted messageNew events
};

class NotifyReceiver {
 public:
  NotifyReceiver(boost::asio::io_context& context, journal::Journal& journal, NotifyReceiverOptions options);
  ~NotifyReceiver();

  void start();
  void stop();
  [[nodiscard]] net::HostPort endpoint() const;
  // The URL Dovecot's driver should be given, with credentials as userinfo when configured.
  [[nodiscard]] std::string url(bool withCredentials = true) const;
  [[nodiscard]] const NotifyReceiverOptions& options() const { return options_; }

  // The decision for one request, without sockets (unit-tested directly).
  http1::Response handle(const http1::Request& request);

 private:
  journal::Journal& journal_;
  NotifyReceiverOptions options_;
  http1::Router router_;
  std::unique_ptr<http1::Server> server_;
};

// Parses Dovecot's "user" value "<userId>@<contextId>" as App Suite does (both integers).
std::optional<std::pair<std::int64_t, std::int64_t>> parseOxUser(const std::string& value);

// Parses a notify body, repairing Dovecot's missing-From quirk; nullopt when still not an object.
// `repaired` tells whether the repair was needed.
std::optional<nlohmann::json> parseNotifyBody(const std::string& body, bool& repaired);
// The messageNew fields, or nullopt when the event is another one or folder/imap-uid/user miss.
std::optional<NotifyMessageNew> messageNewFrom(const nlohmann::json& body);

}  // namespace oxh::facade
