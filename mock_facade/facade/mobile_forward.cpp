// The fake Mobile API Facade's calls to App Suite over HTTP: login and the profile's forward
// routes (see mobile_facade.hpp).
#include <boost/algorithm/string/predicate.hpp>
#include <cctype>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "common/http1/client.hpp"
#include "common/http1/query.hpp"
#include "mock_facade/facade/mobile_facade_impl.hpp"

namespace oxh::facade::mobile {

namespace {

std::string randomToken() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw MobileError(code::kInternal, "RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string etagOf(const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(body.data(), body.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned int i = 0; i < 16 && i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out + "\"";
}

bool etagMatches(const std::string& ifNoneMatch, const std::string& etag) {
  if (ifNoneMatch == "*") return true;
  std::size_t pos = 0;
  while (pos < ifNoneMatch.size()) {
    auto end = ifNoneMatch.find(',', pos);
    if (end == std::string::npos) end = ifNoneMatch.size();
    auto tag = ifNoneMatch.substr(pos, end - pos);
    tag.erase(0, tag.find_first_not_of(' '));
    tag.erase(tag.find_last_not_of(' ') + 1);
    if (tag.rfind("W/", 0) == 0) tag.erase(0, 2);
    if (tag == etag) return true;
    pos = end + 1;
  }
  return false;
}

// A middleware error envelope becomes the facade's error; LGI-0006 is the facade's code 1.
MobileError middlewareError(const nlohmann::json& envelope) {
  const auto mwCode = envelope.value("code", std::string("999"));
  const auto text = envelope.value("error_desc", envelope.value("error", std::string("middleware error")));
  if (mwCode == "LGI-0006") return MobileError(code::kInvalidCredentials, text);
  return MobileError(mwCode, text);
}

bool isErrorEnvelope(const nlohmann::json& body) {
  return body.is_object() && body.contains("error") && body.contains("code");
}

}  // namespace

http1::Response MobileFacade::Impl::login(const MobileRequest& request) {
  const auto& route = *request.match.route;
  // The app's login body is not public (UNCONFIRMED): form-urlencoded or a JSON object with the
  // route's user and password fields.
  std::optional<std::string> user;
  std::optional<std::string> password;
  const auto type = request.http.header("Content-Type").value_or("");
  if (type.find("json") != std::string::npos) {
    const auto body = nlohmann::json::parse(request.http.body, nullptr, false);
    if (body.is_object()) {
      if (body.contains(route.userField) && body[route.userField].is_string()) user = body[route.userField].get<std::string>();
      if (body.contains(route.passwordField) && body[route.passwordField].is_string()) {
        password = body[route.passwordField].get<std::string>();
      }
    }
  } else {
    const auto form = http1::parseQuery(request.http.body);
    user = http1::queryParam(form, route.userField);
    password = http1::queryParam(form, route.passwordField);
  }
  if (!user) throw MobileError(code::kMissingParameter, "missing parameter " + route.userField);
  if (!password) throw MobileError(code::kMissingParameter, "missing parameter " + route.passwordField);
  const auto client = options.profile.clientFor(request.agent.branding);
  const auto userAgent = request.http.header("User-Agent").value_or("");
  http1::ClientRequest call;
  call.method = "POST";
  call.url = options.appSuiteUrl + "/ajax/login?action=login";
  call.headers = {{"User-Agent", userAgent}, {"Content-Type", "application/x-www-form-urlencoded"}};
  call.body = "name=" + http1::percentEncode(*user) + "&password=" + http1::percentEncode(*password) +
              "&client=" + http1::percentEncode(client) +
              "&version=" + http1::percentEncode(request.agent.version.text) +
              "&clientUserAgent=" + http1::percentEncode(userAgent) +
              "&clientIP=" + http1::percentEncode(request.http.peer.substr(0, request.http.peer.rfind(':')));
  call.timeout = options.appSuiteTimeout;
  call.caPem = options.appSuiteCaPem;
  const auto answer = http1::send(call);
  const auto body = nlohmann::json::parse(answer.body, nullptr, false);
  journalEntry("mobile.forward", "login " + *user + " -> App Suite " + std::to_string(answer.status),
               {{"route", route.path}, {"module", "login"}, {"action", "login"}, {"client", client},
                {"status", answer.status}, {"code", body.is_object() ? body.value("code", "") : ""},
                {"tracking_id", request.trackingId}});
  if (answer.status != 200 || !body.is_object()) {
    throw MobileError(code::kInternal, "App Suite login answered HTTP " + std::to_string(answer.status));
  }
  if (isErrorEnvelope(body)) throw middlewareError(body);
  MobileSession session;
  session.appSuiteSession = body.value("session", "");
  session.userId = body.value("user_id", std::int64_t{0});
  session.contextId = body.value("context_id", std::int64_t{0});
  session.userAgent = userAgent;
  for (const auto& [name, value] : answer.headers) {
    if (!boost::iequals(name, "Set-Cookie")) continue;
    const auto pair = value.substr(0, value.find(';'));
    session.cookies += (session.cookies.empty() ? "" : "; ") + pair;
  }
  if (session.appSuiteSession.empty()) throw MobileError(code::kInternal, "App Suite login answered no session");
  const auto token = randomToken();
  {
    std::lock_guard lock(sessionsMutex);
    sessions[token] = session;
  }
  auto response = http1::Response::json(200, {{"contextId", session.contextId}, {"userId", session.userId}});
  response.headers.emplace_back("Set-Cookie", options.profile.sessionCookie + "=" + token + "; Path=/; HttpOnly");
  return response;
}

http1::Response MobileFacade::Impl::forward(const MobileRequest& request, const MobileSession& session) {
  const auto& route = *request.match.route;
  http1::ClientRequest call;
  call.url = options.appSuiteUrl + "/ajax/" + route.module + "?action=" + http1::percentEncode(route.action) +
             "&session=" + http1::percentEncode(session.appSuiteSession);
  nlohmann::json sent = nlohmann::json::object();
  for (const auto& [name, templ] : route.params) {
    std::vector<std::string> missing;
    const auto value = expandTemplate(templ, request.vars, &missing, false);
    if (!missing.empty()) continue;  // an optional parameter the app did not send
    call.url += "&" + http1::percentEncode(name) + "=" + http1::percentEncode(value);
    sent[name] = value;
  }
  call.headers = {{"User-Agent", session.userAgent}, {"Cookie", session.cookies}};
  // App Suite's convention: GET for reads, PUT with a JSON body for writes (mail delete too),
  // POST for forms.
  call.method = route.method == "POST" ? "POST" : "GET";
  if (route.body == BodyMode::Forward) {
    call.body = request.http.body;
    call.headers.emplace_back("Content-Type", request.http.header("Content-Type").value_or("application/json"));
    if (call.method == "GET") call.method = "PUT";
  } else if (route.body == BodyMode::Template) {
    std::vector<std::string> missing;
    call.body = expandTemplate(route.bodyTemplate, request.vars, &missing, true);
    if (!missing.empty()) throw MobileError(code::kMissingParameter, "missing parameter " + missing.front());
    call.headers.emplace_back("Content-Type", "application/json");
    if (call.method == "GET") call.method = "PUT";
  }
  call.timeout = options.appSuiteTimeout;
  call.caPem = options.appSuiteCaPem;
  const auto answer = http1::send(call);
  auto body = nlohmann::json::parse(answer.body, nullptr, false);
  journalEntry("mobile.forward",
               request.http.method + " " + request.http.path() + " -> /ajax/" + route.module + "?action=" + route.action +
                   " " + std::to_string(answer.status),
               {{"route", route.path}, {"module", route.module}, {"action", route.action}, {"params", sent},
                {"status", answer.status}, {"code", isErrorEnvelope(body) ? body.value("code", "") : ""},
                {"tracking_id", request.trackingId}});
  if (answer.status != 200) {
    throw MobileError(code::kInternal, "App Suite answered HTTP " + std::to_string(answer.status));
  }
  http1::Response response;
  if (body.is_discarded()) {
    // Not JSON (an attachment): passed on as it is.
    response.status = 200;
    response.body = answer.body;
    if (const auto type = answer.header("Content-Type")) response.headers.emplace_back("Content-Type", *type);
  } else {
    if (isErrorEnvelope(body)) throw middlewareError(body);
    const auto& payload = route.envelope || !body.is_object() || !body.contains("data") ? body : body["data"];
    response = http1::Response::json(200, payload);
  }
  if (route.notModified) {
    const auto etag = etagOf(response.body);
    response.headers.emplace_back("ETag", etag);
    if (const auto match = request.http.header("If-None-Match"); match && etagMatches(*match, etag)) {
      http1::Response notModified;
      notModified.status = 304;
      notModified.headers.emplace_back("ETag", etag);
      return notModified;
    }
  }
  return response;
}

}  // namespace oxh::facade::mobile
