#include "mock_facade/notify/notify_receiver.hpp"

#include "common/codec/base64.hpp"

#include <charconv>
#include <regex>

namespace oxh::facade {

namespace {

// "ok", "missing", "wrong" or "unconfigured".
std::string checkBasicAuth(const http1::Request& request, const NotifyReceiverOptions& options) {
  if (!options.login || !options.password) {
    return "unconfigured";
  }
  const auto header = request.header("Authorization");
  if (!header) {
    return "missing";
  }
  constexpr std::string_view kScheme = "Basic ";
  if (header->size() <= kScheme.size() || header->compare(0, kScheme.size(), kScheme) != 0) {
    return "wrong";
  }
  return codec::base64Decode(header->substr(kScheme.size())) == *options.login + ":" + *options.password ? "ok" : "wrong";
}

}  // namespace

std::optional<std::pair<std::int64_t, std::int64_t>> parseOxUser(const std::string& value) {
  const auto at = value.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == value.size()) {
    return std::nullopt;
  }
  std::int64_t user = 0;
  std::int64_t context = 0;
  const auto* begin = value.data();
  const auto [userEnd, userError] = std::from_chars(begin, begin + at, user);
  const auto [contextEnd, contextError] = std::from_chars(begin + at + 1, begin + value.size(), context);
  if (userError != std::errc() || contextError != std::errc() || userEnd != begin + at ||
      contextEnd != begin + value.size()) {
    return std::nullopt;
  }
  return std::make_pair(user, context);
}

std::optional<nlohmann::json> parseNotifyBody(const std::string& body, bool& repaired) {
  repaired = false;
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object()) {
    return parsed;
  }
  // Dovecot writes each string field's closing quote as the next field's prefix, so without a
  // From the number before it gets the stray quote: "imap-uid":5","subject" (ox.md 4.4).
  static const std::regex kQuirk(R"re(("imap-uid":\s*[0-9]+)"(\s*[,}]))re");
  const auto fixed = std::regex_replace(body, kQuirk, "$1$2");
  if (fixed == body) {
    return std::nullopt;
  }
  parsed = nlohmann::json::parse(fixed, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return std::nullopt;
  }
  repaired = true;
  return parsed;
}

std::optional<NotifyMessageNew> messageNewFrom(const nlohmann::json& body) {
  if (!body.is_object() || body.value("event", std::string()) != "messageNew" || !body.contains("user") ||
      !body["user"].is_string() || !body.contains("folder") || !body["folder"].is_string() ||
      !body.contains("imap-uid")) {
    return std::nullopt;
  }
  auto user = parseOxUser(body["user"].get<std::string>());
  if (!user) {
    return std::nullopt;
  }
  NotifyMessageNew event;
  event.userId = user->first;
  event.contextId = user->second;
  event.folder = body["folder"].get<std::string>();
  const auto& uid = body["imap-uid"];
  if (uid.is_number_integer()) {
    event.uid = uid.get<std::int64_t>();
  } else if (uid.is_string()) {
    // The OpenAPI document types it as a string; the code reads it with getLong (ox.md 2.7).
    try {
      event.uid = std::stoll(uid.get<std::string>());
    } catch (const std::exception&) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (body.contains("imap-uidvalidity") && body["imap-uidvalidity"].is_number_integer()) {
    event.uidValidity = body["imap-uidvalidity"].get<std::int64_t>();
  }
  event.from = body.value("from", std::string());
  event.subject = body.value("subject", std::string());
  event.snippet = body.value("snippet", std::string());
  if (body.contains("unseen") && body["unseen"].is_number_integer()) {
    event.unseen = body["unseen"].get<std::int64_t>();
  }
  return event;
}

NotifyReceiver::NotifyReceiver(boost::asio::io_context& context, journal::Journal& journal,
                               NotifyReceiverOptions options)
    : journal_(journal), options_(std::move(options)) {
  router_.add("PUT", options_.path, [this](const http1::Request& request) { return handle(request); });
  http1::ServerOptions serverOptions;
  serverOptions.listen = options_.listen;
  serverOptions.component = "notify.http";
  serverOptions.journal = &journal_;
  server_ = std::make_unique<http1::Server>(context, serverOptions, router_.handler());
}

NotifyReceiver::~NotifyReceiver() { stop(); }

void NotifyReceiver::start() { server_->start(); }
void NotifyReceiver::stop() { server_->stop(); }
net::HostPort NotifyReceiver::endpoint() const { return server_->endpoint(); }

std::string NotifyReceiver::url(bool withCredentials) const {
  std::string userinfo;
  if (withCredentials && options_.login && options_.password) {
    userinfo = *options_.login + ":" + *options_.password + "@";
  }
  return "http://" + userinfo + endpoint().str() + options_.path;
}

http1::Response NotifyReceiver::handle(const http1::Request& request) {
  nlohmann::json data{{"method", request.method}, {"target", request.target}, {"headers", nlohmann::json::array()},
                      {"body", request.body},     {"json", nullptr},          {"findings", nlohmann::json::array()}};
  for (const auto& [name, value] : request.headers) {
    data["headers"].push_back({name, value});
  }
  const std::string auth = checkBasicAuth(request, options_);
  data["auth"] = auth;
  // The body is parsed for the journal whatever the verdict, so a scenario can see what a
  // refused caller sent (Dovecot with the wrong credentials, say).
  std::optional<nlohmann::json> repairedBody;
  if (!request.body.empty()) {
    auto parsed = nlohmann::json::parse(request.body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
      data["findings"].push_back({{"id", "oxh.notify.malformed-json"}, {"message", "the body is not a JSON object"}});
      bool repaired = false;
      repairedBody = parseNotifyBody(request.body, repaired);
      if (repairedBody) {
        data["findings"].push_back({{"id", "oxh.notify.dovecot-quirk"},
                                    {"message", "Dovecot's stray quote after imap-uid (no From); read as repaired"}});
        data["repaired"] = *repairedBody;
      }
    } else {
      repairedBody = parsed;
      data["json"] = parsed;
      if (parsed.contains("user") && parsed["user"].is_string()) {
        if (auto user = parseOxUser(parsed["user"].get<std::string>())) {
          data["user_id"] = user->first;
          data["context_id"] = user->second;
        } else {
          data["findings"].push_back({{"id", "oxh.notify.bad-user"},
                                      {"message", "user '" + parsed["user"].get<std::string>() + "' is not <userId>@<contextId>"}});
        }
      }
    }
  }
  http1::Response response;
  if (auth == "unconfigured") {
    response = http1::Response::json(403, {{"error", "basic-auth credentials not configured"}});
  } else if (auth != "ok") {
    response = http1::Response::text(401, "");
    response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"OX REST\", encoding=\"UTF-8\"");
  } else if (request.body.empty()) {
    // App Suite's SVL MISSING_REQUEST_BODY.
    response = http1::Response::json(400, {{"error", "Missing request body"}, {"code", "SVL-0002"}});
  } else {
    response = options_.status == 200 ? http1::Response::json(200, {{"success", true}})
                                      : http1::Response::json(options_.status, {{"error", "scripted status"}});
    if (!options_.retryAfter.empty() && options_.status != 200) {
      response.headers.emplace_back("Retry-After", options_.retryAfter);
    }
  }
  data["status"] = response.status;
  std::optional<NotifyMessageNew> event;
  if (response.status == 200 && repairedBody) {
    event = messageNewFrom(*repairedBody);
  }
  data["dispatched"] = event.has_value() && static_cast<bool>(options_.onMessageNew);
  journal::Entry entry;
  entry.component = "notify";
  entry.kind = "notify.request";
  entry.connection = request.connectionId;
  std::string who = data["json"].is_object() ? data["json"].value("user", std::string("?")) : std::string("?");
  entry.summary = request.method + " " + request.target + " auth=" + auth + " user=" + who + " -> " +
                  std::to_string(response.status) + " body=" + request.body.substr(0, 400) +
                  (request.body.size() > 400 ? "..." : "");
  entry.data = std::move(data);
  journal_.append(std::move(entry));
  if (event && options_.onMessageNew) {
    options_.onMessageNew(*event);
  }
  return response;
}

}  // namespace oxh::facade
