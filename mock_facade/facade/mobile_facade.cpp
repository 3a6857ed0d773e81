#include "mock_facade/facade/mobile_facade.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include "common/error/error.hpp"
#include "common/http1/query.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_facade/facade/mobile_facade_impl.hpp"

namespace oxh::facade::mobile {

namespace {

[[noreturn]] void configError(const std::string& message) {
  throw OxhException(Error("oxh.facade.mobile-config", message));
}

std::optional<std::string> cookieValue(const http1::Request& request, const std::string& name) {
  for (const auto& [header, value] : request.headers) {
    if (!boost::iequals(header, "Cookie")) continue;
    std::size_t pos = 0;
    while (pos < value.size()) {
      auto end = value.find(';', pos);
      if (end == std::string::npos) end = value.size();
      auto pair = value.substr(pos, end - pos);
      pair.erase(0, pair.find_first_not_of(' '));
      const auto eq = pair.find('=');
      if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
      pos = end + 1;
    }
  }
  return std::nullopt;
}

std::string requireHeader(const http1::Request& request, const char* name) {
  const auto value = request.header(name);
  if (!value || value->empty()) {
    throw MobileError(code::kMissingHeader, std::string("missing header ") + name);
  }
  return *value;
}

}  // namespace

MobileFacade::MobileFacade(MobileFacadeOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  auto& o = impl_->options;
  if (o.appSuiteUrl.empty()) configError("mobile facade: no App Suite URL");
  while (!o.appSuiteUrl.empty() && o.appSuiteUrl.back() == '/') o.appSuiteUrl.pop_back();
  const auto minimum = ClientVersion::parse(o.minimumClientVersion);
  if (!minimum) configError("minimum client version '" + o.minimumClientVersion + "' is not semver");
  impl_->minimumClient = *minimum;
  const auto server = ServerVersion::parse(o.serverVersion);
  if (!server) configError("server version '" + o.serverVersion + "' is not like 7.8.4-rev22");
  if (server->compare(*ServerVersion::parse(kMinimumServerVersion)) < 0) {
    configError("server version " + o.serverVersion + " is below " + kMinimumServerVersion +
                ", the oldest App Suite the OX Mail v2 app supports");
  }
  impl_->serverVersion = *server;
  if (o.journal == nullptr) {
    impl_->ownJournal = std::make_unique<journal::Journal>();
    impl_->journal = impl_->ownJournal.get();
  } else {
    impl_->journal = o.journal;
  }
}

MobileFacade::~MobileFacade() { stop(); }

void MobileFacade::start() {
  impl_->runtime = std::make_unique<net::IoRuntime>(impl_->options.httpThreads);
  http1::ServerOptions serverOptions;
  serverOptions.listen = impl_->options.listen;
  serverOptions.component = "mobile.http";
  serverOptions.journal = impl_->journal;
  // The transport takes more than the facade's limit, so an oversized body still gets the
  // facade's error JSON (checked in handle()) instead of a bare 413.
  serverOptions.bodyLimit = impl_->options.bodyLimit * 2 + 1024 * 1024;
  serverOptions.tls = impl_->options.tls;
  serverOptions.authority = impl_->options.authority;
  impl_->server = std::make_unique<http1::Server>(impl_->runtime->context(), serverOptions,
                                                  [impl = impl_.get()](const http1::Request& r) { return impl->handle(r); });
  impl_->server->start();
  impl_->journalEntry("mobile.start", "mobile facade at " + url() + " over App Suite " + impl_->options.appSuiteUrl,
                      {{"url", url()},
                       {"app_suite", impl_->options.appSuiteUrl},
                       {"profile", impl_->options.profile.name},
                       {"profile_source", impl_->options.profile.source},
                       {"server_version", impl_->options.serverVersion},
                       {"minimum_client_version", impl_->options.minimumClientVersion}});
}

void MobileFacade::stop() {
  if (impl_->server) impl_->server->stop();
  if (impl_->runtime) impl_->runtime->stop();
  impl_->server.reset();
  impl_->runtime.reset();
}

void MobileFacade::reset() {
  std::lock_guard lock(impl_->sessionsMutex);
  impl_->sessions.clear();
}

net::HostPort MobileFacade::endpoint() const { return impl_->server->endpoint(); }

std::string MobileFacade::url() const {
  const auto ep = endpoint();
  return std::string(impl_->server->secure() ? "https" : "http") + "://" + ep.host + ":" + std::to_string(ep.port);
}

journal::Journal& MobileFacade::journal() { return *impl_->journal; }

void MobileFacade::Impl::journalEntry(const std::string& kind, std::string summary, nlohmann::json data) {
  journal::Entry entry;
  entry.component = "mobile";
  entry.kind = kind;
  entry.summary = std::move(summary);
  entry.data = std::move(data);
  journal->append(std::move(entry));
}

http1::Response MobileFacade::Impl::errorResponse(const std::string& code, const std::string& detail, int status,
                                                  const std::string& tracking) {
  const auto& profile = options.profile;
  const auto text = describeCode(code);
  nlohmann::json body = {{"error", code}, {profile.errorMessageField, text.empty() ? detail : text + ": " + detail}};
  journalEntry("mobile.error", "error " + code + ": " + detail,
               {{"code", code}, {"detail", detail}, {"tracking_id", tracking}});
  return http1::Response::json(status != 0 ? status : profile.statusFor(code), body);
}

http1::Response MobileFacade::Impl::handle(const http1::Request& request) {
  std::string tracking = request.header("X-Tracking-ID").value_or("");
  try {
    std::string why;
    const auto header = request.header("User-Agent");
    if (!header) throw MobileError(code::kInvalidUserAgent, "no User-Agent header");
    auto agent = parseUserAgent(*header, &why);
    if (!agent) throw MobileError(code::kInvalidUserAgent, "'" + *header + "': " + why);
    if (agent->version.compare(minimumClient) < 0) {
      throw MobileError(code::kClientTooOld, "client version " + agent->version.text + " is older than the minimum " +
                                                 minimumClient.text);
    }
    tracking = requireHeader(request, "X-Tracking-ID");
    if (request.body.size() > options.bodyLimit) {
      throw MobileError(code::kInternal, "request body of " + std::to_string(request.body.size()) +
                                             " bytes exceeds the limit of " + std::to_string(options.bodyLimit), 413);
    }
    auto result = options.profile.match(request.method, request.path());
    if (!result.match) {
      if (!result.allowed.empty()) {
        std::string allow;
        for (const auto& m : result.allowed) allow += (allow.empty() ? "" : ", ") + m;
        auto response = errorResponse(code::kInternal, request.method + " not allowed on " + request.path(), 405, tracking);
        response.headers.emplace_back("Allow", allow);
        return response;
      }
      return errorResponse(code::kInternal, "no route " + request.method + " " + request.path() + " in profile " +
                                                options.profile.name, 404, tracking);
    }
    MobileRequest mobile{request, std::move(*agent), tracking, std::move(*result.match), {}};
    // Template variables, later ones winning: the top-level string/number fields of a JSON
    // object body, the query parameters, the path variables.
    if (const auto body = nlohmann::json::parse(request.body, nullptr, false); body.is_object()) {
      for (const auto& [name, value] : body.items()) {
        if (value.is_string()) mobile.vars[name] = value.get<std::string>();
        if (value.is_number()) mobile.vars[name] = value.dump();
      }
    }
    for (const auto& [name, value] : http1::parseQuery(request.query())) mobile.vars[name] = value;
    for (const auto& [name, value] : mobile.match.vars) mobile.vars[name] = value;
    const auto& route = *mobile.match.route;
    if (route.kind == RouteKind::Version) {
      return http1::Response::json(200, {{"serverVersion", options.serverVersion},
                                         {"minimumServerVersion", kMinimumServerVersion},
                                         {"minimumClientVersion", options.minimumClientVersion}});
    }
    if (route.kind == RouteKind::Login) {
      // The login request cannot carry X-Context-ID/X-User-ID (FACADE-DOC 1.4+): the app learns
      // them from the login answer. One that sends them anyway is reported, not refused.
      if (request.header("X-Context-ID") || request.header("X-User-ID")) {
        const std::string summary = "login request carries X-Context-ID/X-User-ID, which the app cannot know yet";
        journalEntry("finding", summary,
                     {{"tracking_id", tracking},
                      {"findings", nlohmann::json::array({{{"id", "oxh.facade.mobile-login-ids"}, {"message", summary}}})}});
      }
      return login(mobile);
    }
    // After login every request names the context and user the login answered (FACADE-DOC 1.4+).
    const auto contextHeader = requireHeader(request, "X-Context-ID");
    const auto userHeader = requireHeader(request, "X-User-ID");
    const auto token = cookieValue(request, options.profile.sessionCookie);
    if (!token) throw MobileError(code::kMissingCookie, "no " + options.profile.sessionCookie + " cookie");
    MobileSession session;
    {
      std::lock_guard lock(sessionsMutex);
      const auto it = sessions.find(*token);
      if (it == sessions.end()) {
        throw MobileError(code::kMissingCookie, options.profile.sessionCookie + " names no session (expired or reset)");
      }
      session = it->second;
    }
    if (contextHeader != std::to_string(session.contextId) || userHeader != std::to_string(session.userId)) {
      const std::string summary = "X-Context-ID/X-User-ID " + contextHeader + "/" + userHeader +
                                  " differ from the session's " + std::to_string(session.contextId) + "/" +
                                  std::to_string(session.userId);
      journalEntry("finding", summary,
                   {{"tracking_id", tracking},
                    {"findings", nlohmann::json::array({{{"id", "oxh.facade.mobile-header-mismatch"}, {"message", summary}}})}});
    }
    // Built-ins: the facade's middleware client id (by branding) and the session's ids.
    mobile.vars["client_id"] = options.profile.clientFor(mobile.agent.branding);
    mobile.vars["user_id"] = std::to_string(session.userId);
    mobile.vars["context_id"] = std::to_string(session.contextId);
    for (const auto& name : route.required) {
      if (mobile.vars.count(name) == 0) throw MobileError(code::kMissingParameter, "missing parameter " + name);
    }
    return forward(mobile, session);
  } catch (const MobileError& e) {
    return errorResponse(e.code(), e.what(), e.httpStatus(), tracking);
  } catch (const OxhException& e) {
    return errorResponse(code::kInternal, e.error().describe(), 0, tracking);
  } catch (const std::exception& e) {
    return errorResponse(code::kInternal, e.what(), 0, tracking);
  }
}

}  // namespace oxh::facade::mobile
