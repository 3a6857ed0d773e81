#include "runner/faults/proxy_control.hpp"

namespace oxh::faults {

namespace {

struct Target {
  std::shared_ptr<FaultProxy> proxy;
  nlohmann::json body;
  std::optional<http1::Response> error;
};

Target resolve(const ProxyMap& proxies, const http1::Request& request) {
  Target target;
  target.body = nlohmann::json::object();
  if (!request.body.empty()) {
    target.body = nlohmann::json::parse(request.body, nullptr, false);
    if (!target.body.is_object()) {
      target.error = http1::Response::json(400, {{"error", "the body must be a JSON object"}});
      return target;
    }
  }
  std::string name;
  if (target.body.contains("target")) {
    if (!target.body["target"].is_string()) {
      target.error = http1::Response::json(400, {{"error", "'target' must be a string"}});
      return target;
    }
    name = target.body["target"].get<std::string>();
  } else if (proxies.size() == 1) {
    name = proxies.begin()->first;
  } else {
    target.error = http1::Response::json(400, {{"error", "'target' is required: there are several proxies"}});
    return target;
  }
  const auto found = proxies.find(name);
  if (found == proxies.end()) {
    target.error = http1::Response::json(404, {{"error", "no proxy '" + name + "'"}});
    return target;
  }
  target.proxy = found->second;
  return target;
}

}  // namespace

bool faultParamsFromJson(const nlohmann::json& body, std::map<std::string, std::string>& params, std::string& error) {
  for (const auto& [key, value] : body.items()) {
    if (key == "target") {
      continue;
    }
    if (value.is_string()) {
      params[key] = value.get<std::string>();
    } else if (value.is_boolean()) {
      params[key] = value.get<bool>() ? "true" : "false";
    } else if (value.is_number()) {
      params[key] = value.dump();
    } else {
      error = "fault parameter '" + key + "' must be a string, number or boolean";
      return false;
    }
  }
  return true;
}

void registerProxyActions(control::ControlPlane& plane, const ProxyMap& proxies) {
  plane.registerAction("arm", "POST", [&proxies](const http1::Request& request) {
    auto target = resolve(proxies, request);
    if (target.error) {
      return *target.error;
    }
    std::map<std::string, std::string> params;
    std::string error;
    if (!faultParamsFromJson(target.body, params, error)) {
      return http1::Response::json(400, {{"error", error}});
    }
    const auto parsed = parseFaultSpec(params);
    if (!parsed.spec) {
      return http1::Response::json(400, {{"error", parsed.error}});
    }
    if (const auto problem = target.proxy->checkSupported(*parsed.spec); !problem.empty()) {
      return http1::Response::json(400, {{"error", problem}});
    }
    return http1::Response::json(200, {{"id", target.proxy->arm(*parsed.spec)}, {"fault", describe(*parsed.spec)}});
  });
  plane.registerAction("clear", "POST", [&proxies](const http1::Request& request) {
    auto target = resolve(proxies, request);
    return target.error ? *target.error : http1::Response::json(200, {{"cleared", target.proxy->clear()}});
  });
  plane.registerAction("offline", "POST", [&proxies](const http1::Request& request) {
    auto target = resolve(proxies, request);
    if (target.error) {
      return *target.error;
    }
    target.proxy->offline();
    return http1::Response::json(200, target.proxy->state());
  });
  plane.registerAction("online", "POST", [&proxies](const http1::Request& request) {
    auto target = resolve(proxies, request);
    if (target.error) {
      return *target.error;
    }
    target.proxy->online();
    return http1::Response::json(200, target.proxy->state());
  });
}

}  // namespace oxh::faults
