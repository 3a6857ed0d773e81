#include "mock_facade/facade/api_profile.hpp"

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace oxh::facade::mobile {

namespace {

SourcePosition where(const std::string& file, const YAML::Node& node) {
  return {file, node.Mark().line + 1, node.Mark().column + 1};
}

[[noreturn]] void fail(const std::string& file, const YAML::Node& node, const std::string& message) {
  throw OxhException(Error("oxh.facade.profile", message, where(file, node)));
}

std::string scalar(const std::string& file, const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) {
    fail(file, node, what + " must be a string");
  }
  return node.Scalar();
}

bool boolean(const std::string& file, const YAML::Node& node, const std::string& what) {
  const auto text = scalar(file, node, what);
  if (text == "true") return true;
  if (text == "false") return false;
  fail(file, node, what + " must be true or false, not '" + text + "'");
}

int integer(const std::string& file, const YAML::Node& node, const std::string& what) {
  const auto text = scalar(file, node, what);
  try {
    std::size_t used = 0;
    const int value = std::stoi(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  fail(file, node, what + " must be a number, not '" + text + "'");
}

void checkKeys(const std::string& file, const YAML::Node& map, const std::set<std::string>& known,
               const std::string& what) {
  for (const auto& item : map) {
    const auto key = item.first.Scalar();
    if (known.count(key) == 0) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(file, item.first, "unknown key '" + key + "' in " + what + " (known: " + list + ")");
    }
  }
}

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// RFC 3986 percent-decoding of one path segment ('+' stays '+', unlike form encoding).
std::string decodeSegment(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2])) != 0) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

void checkPattern(const std::string& file, const YAML::Node& node, const std::string& path) {
  if (path.empty() || path[0] != '/') {
    fail(file, node, "path '" + path + "' must start with '/'");
  }
  const auto segments = splitPath(path);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& s = segments[i];
    const bool var = !s.empty() && s.front() == '{';
    if (var && (s.back() != '}' || s.size() < 3)) {
      fail(file, node, "path '" + path + "': bad variable segment '" + s + "'");
    }
    if (var && s[s.size() - 2] == '*' && i + 1 != segments.size()) {
      fail(file, node, "path '" + path + "': '{x*}' must be the last segment");
    }
    if (!var && s.find_first_of("{}") != std::string::npos) {
      fail(file, node, "path '" + path + "': a variable must be a whole segment");
    }
  }
}

Route loadRoute(const std::string& file, const YAML::Node& node) {
  if (!node.IsMap()) {
    fail(file, node, "a route must be a map");
  }
  checkKeys(file, node,
            {"method", "path", "kind", "module", "action", "params", "required", "body", "response", "not_modified",
             "user_field", "password_field"},
            "route");
  Route route;
  route.where = where(file, node);
  if (!node["method"]) fail(file, node, "route without 'method'");
  if (!node["path"]) fail(file, node, "route without 'path'");
  route.method = scalar(file, node["method"], "method");
  static const std::set<std::string> kMethods{"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"};
  if (kMethods.count(route.method) == 0) {
    fail(file, node["method"], "unknown method '" + route.method + "'");
  }
  route.path = scalar(file, node["path"], "path");
  checkPattern(file, node["path"], route.path);
  const auto kind = node["kind"] ? scalar(file, node["kind"], "kind") : std::string("forward");
  if (kind == "login") {
    route.kind = RouteKind::Login;
  } else if (kind == "version") {
    route.kind = RouteKind::Version;
  } else if (kind != "forward") {
    fail(file, node["kind"], "unknown kind '" + kind + "' (forward, login, version)");
  }
  if (node["user_field"]) route.userField = scalar(file, node["user_field"], "user_field");
  if (node["password_field"]) route.passwordField = scalar(file, node["password_field"], "password_field");
  if (route.kind == RouteKind::Forward) {
    if (!node["module"] || !node["action"]) {
      fail(file, node, "a forward route needs 'module' and 'action'");
    }
    route.module = scalar(file, node["module"], "module");
    route.action = scalar(file, node["action"], "action");
  } else if (node["module"] || node["action"]) {
    fail(file, node, "a " + kind + " route takes no 'module'/'action'");
  }
  if (const auto params = node["params"]) {
    if (!params.IsMap()) fail(file, params, "params must be a map");
    for (const auto& item : params) {
      route.params.emplace_back(item.first.Scalar(), scalar(file, item.second, "param '" + item.first.Scalar() + "'"));
    }
  }
  if (const auto required = node["required"]) {
    if (!required.IsSequence()) fail(file, required, "required must be a list");
    for (const auto& item : required) route.required.push_back(scalar(file, item, "required entry"));
  }
  route.body = (route.method == "PUT" || route.method == "POST" || route.method == "PATCH") ? BodyMode::Forward
                                                                                             : BodyMode::None;
  if (const auto body = node["body"]) {
    const auto text = scalar(file, body, "body");
    if (text == "forward") {
      route.body = BodyMode::Forward;
    } else if (text == "none") {
      route.body = BodyMode::None;
    } else {
      route.body = BodyMode::Template;
      route.bodyTemplate = text;
    }
  }
  if (const auto response = node["response"]) {
    const auto text = scalar(file, response, "response");
    if (text != "data" && text != "envelope") fail(file, response, "response must be data or envelope");
    route.envelope = text == "envelope";
  }
  route.notModified = route.method == "GET";
  if (node["not_modified"]) route.notModified = boolean(file, node["not_modified"], "not_modified");
  return route;
}

}  // namespace

ApiProfile parseApiProfile(const std::string& text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw OxhException(Error("oxh.facade.profile", e.msg, SourcePosition{source, e.mark.line + 1, e.mark.column + 1}));
  }
  if (!root.IsMap()) {
    fail(source, root, "a profile must be a map with 'routes'");
  }
  checkKeys(source, root,
            {"name", "client_id", "brand_clients", "error_message_field", "session_cookie", "error_status", "routes"},
            "profile");
  ApiProfile profile;
  profile.source = source;
  if (root["name"]) profile.name = scalar(source, root["name"], "name");
  if (root["client_id"]) profile.clientId = scalar(source, root["client_id"], "client_id");
  if (root["error_message_field"]) {
    profile.errorMessageField = scalar(source, root["error_message_field"], "error_message_field");
    if (profile.errorMessageField == "error") fail(source, root["error_message_field"], "'error' holds the code");
  }
  if (root["session_cookie"]) profile.sessionCookie = scalar(source, root["session_cookie"], "session_cookie");
  if (const auto brands = root["brand_clients"]) {
    if (!brands.IsMap()) fail(source, brands, "brand_clients must be a map");
    for (const auto& item : brands) {
      profile.brandClients[item.first.Scalar()] = scalar(source, item.second, "brand client");
    }
  }
  if (const auto statuses = root["error_status"]) {
    if (!statuses.IsMap()) fail(source, statuses, "error_status must be a map");
    for (const auto& item : statuses) {
      const auto key = item.first.Scalar();
      const int status = integer(source, item.second, "error_status '" + key + "'");
      if (status < 200 || status > 599) fail(source, item.second, "HTTP status out of range");
      if (key == "middleware") {
        profile.middlewareErrorStatus = status;
      } else if (profile.errorStatus.count(key) != 0) {
        profile.errorStatus[key] = status;
      } else {
        fail(source, item.first, "unknown facade error code '" + key + "' (1-5, 900, 999, middleware)");
      }
    }
  }
  const auto routes = root["routes"];
  if (!routes || !routes.IsSequence() || routes.size() == 0) {
    fail(source, routes ? routes : root, "'routes' must be a non-empty list");
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& node : routes) {
    auto route = loadRoute(source, node);
    if (!seen.insert({route.method, route.path}).second) {
      fail(source, node, "duplicate route " + route.method + " " + route.path);
    }
    profile.routes.push_back(std::move(route));
  }
  return profile;
}

ApiProfile loadApiProfile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw OxhException(Error("oxh.facade.profile", "cannot read API profile", SourcePosition{path, 0, 0}));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parseApiProfile(text.str(), path);
}

ApiProfile defaultApiProfile() { return parseApiProfile(defaultProfileText(), "<default profile>"); }

MatchResult ApiProfile::match(const std::string& method, const std::string& path) const {
  MatchResult result;
  const auto segments = path.empty() || path[0] != '/' ? std::vector<std::string>{} : splitPath(path);
  for (const auto& route : routes) {
    const auto pattern = splitPath(route.path);
    std::map<std::string, std::string> vars;
    bool ok = true;
    std::size_t i = 0;
    for (; ok && i < pattern.size(); ++i) {
      const auto& p = pattern[i];
      const bool var = !p.empty() && p.front() == '{';
      if (var && p[p.size() - 2] == '*') {
        ok = i < segments.size();
        std::string rest;
        for (std::size_t j = i; ok && j < segments.size(); ++j) rest += (j == i ? "" : "/") + decodeSegment(segments[j]);
        vars[p.substr(1, p.size() - 3)] = rest;
        i = segments.size();
        break;
      }
      if (i >= segments.size()) {
        ok = false;
      } else if (var) {
        ok = !segments[i].empty();
        vars[p.substr(1, p.size() - 2)] = decodeSegment(segments[i]);
      } else {
        ok = p == segments[i];
      }
    }
    if (!ok || i != segments.size()) {
      continue;
    }
    if (route.method != method) {
      result.allowed.push_back(route.method);
      continue;
    }
    result.match = RouteMatch{&route, std::move(vars)};
    return result;
  }
  return result;
}

int ApiProfile::statusFor(const std::string& code) const {
  const auto it = errorStatus.find(code);
  return it == errorStatus.end() ? middlewareErrorStatus : it->second;
}

std::string ApiProfile::clientFor(const std::string& branding) const {
  const auto it = brandClients.find(branding);
  return it == brandClients.end() ? clientId : it->second;
}

std::string expandTemplate(const std::string& text, const std::map<std::string, std::string>& vars,
                           std::vector<std::string>* missing, bool jsonEscape) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find('{', pos);
    const auto close = open == std::string::npos ? std::string::npos : text.find('}', open);
    if (close == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    const auto name = text.substr(open + 1, close - open - 1);
    // Only {identifier} is a placeholder, so JSON braces in body templates stay as they are.
    const bool placeholder = !name.empty() && name.find_first_of("{}\" :,") == std::string::npos;
    if (!placeholder) {
      out += text.substr(pos, open + 1 - pos);
      pos = open + 1;
      continue;
    }
    out += text.substr(pos, open - pos);
    const auto it = vars.find(name);
    if (it == vars.end()) {
      if (missing != nullptr) missing->push_back(name);
    } else if (jsonEscape) {
      const auto quoted = nlohmann::json(it->second).dump();
      out += quoted.substr(1, quoted.size() - 2);
    } else {
      out += it->second;
    }
    pos = close + 1;
  }
  return out;
}

}  // namespace oxh::facade::mobile
