#pragma once
// An API profile: the Mobile API Facade's route table as a YAML file. The facade's real REST
// paths and bodies are not public (ox.md 1.2, UNCONFIRMED), so the routes are data: each maps
// a method and a path pattern onto an App Suite /ajax operation (module, action, parameters,
// body). mock_facade/facade/profiles/default.yaml is the shipped profile (compiled in; see
// defaultProfileText()), modelled on the public facts only; a partner who has the facade's
// OpenAPI document loads their own. Format:
//
//   name: default
//   client_id: open-xchange-mobile-api-facade    # the middleware client id of facade sessions
//   brand_clients: {Brand1: open-xchange-mobile-api-facade-brand1}   # by User-Agent branding
//   error_message_field: error_desc              # 2nd field of the error JSON (UNCONFIRMED name)
//   session_cookie: oxh-facade-session           # the facade's session cookie (UNCONFIRMED name)
//   error_status: {"1": 401, "2": 400, ..., middleware: 400}   # HTTP status per facade code
//   routes:
//     - {method: POST, path: /api/login, kind: login, user_field: username, password_field: password}
//     - {method: GET, path: /api/version, kind: version}
//     - method: GET
//       path: /api/folders/{folder}/mails/{id}   # {x}: one segment (percent-decoded); {x*}: the rest
//       module: mail
//       action: get
//       params: {folder: "{folder}", id: "{id}", timezone: UTC}   # {x}: path variable, else query
//       required: [folder, id]    # absent -> facade error 3 (Missing parameter)
//       body: forward | none | '<template>'     # default: forward for PUT/POST, none otherwise
//       response: data | envelope              # default data: the envelope's "data" only
//       not_modified: true                     # ETag / If-None-Match -> 304; default true for GET
//
// Template variables: {client_id} (the facade's middleware client id for the User-Agent's
// branding), {user_id}, {context_id} (the session's), then path variables, query parameters and
// the top-level string/number fields of a JSON object body, in that precedence.
// A parameter whose template names an absent variable is left out. Body templates are JSON:
// substituted values are JSON-string-escaped; an absent variable in a body is error 3. Errors: OxhException [oxh.facade.profile] with
// file:line:col; unknown keys are errors.
// Thread: immutable after loading; match() is safe from any thread.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error/error.hpp"

namespace oxh::facade::mobile {

enum class RouteKind { Forward, Login, Version };
enum class BodyMode { Forward, None, Template };

struct Route {
  std::string method;
  std::string path;  // the pattern as written
  RouteKind kind = RouteKind::Forward;
  std::string module;
  std::string action;
  std::vector<std::pair<std::string, std::string>> params;  // name -> template, in file order
  std::vector<std::string> required;
  BodyMode body = BodyMode::None;
  std::string bodyTemplate;
  bool envelope = false;
  bool notModified = false;
  std::string userField = "username";  // login routes
  std::string passwordField = "password";
  SourcePosition where;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> vars;  // path variables, percent-decoded
};

struct MatchResult {
  std::optional<RouteMatch> match;
  std::vector<std::string> allowed;  // no match but the path exists: its methods (-> 405)
};

struct ApiProfile {
  std::string name = "default";
  std::string source;  // file name, or "<default>"
  std::string clientId = "open-xchange-mobile-api-facade";
  std::map<std::string, std::string> brandClients;
  std::string errorMessageField = "error_desc";
  std::string sessionCookie = "oxh-facade-session";
  std::map<std::string, int> errorStatus{{"1", 401}, {"2", 400}, {"3", 400}, {"4", 401},
                                         {"5", 400}, {"900", 400}, {"999", 500}};
  int middlewareErrorStatus = 400;
  std::vector<Route> routes;

  [[nodiscard]] MatchResult match(const std::string& method, const std::string& path) const;
  [[nodiscard]] int statusFor(const std::string& code) const;  // facade or middleware code
  [[nodiscard]] std::string clientFor(const std::string& branding) const;
};

ApiProfile loadApiProfile(const std::string& path);  // throws OxhException [oxh.facade.profile]
ApiProfile parseApiProfile(const std::string& text, const std::string& source);
const std::string& defaultProfileText();  // profiles/default.yaml, compiled in
ApiProfile defaultApiProfile();

// Replaces each {name} by lookup(name); a name lookup does not know is reported in `missing`
// (and the result is then meaningless). jsonEscape: values are escaped for a JSON string.
std::string expandTemplate(const std::string& text, const std::map<std::string, std::string>& vars,
                           std::vector<std::string>* missing, bool jsonEscape);

}  // namespace oxh::facade::mobile
