#include <algorithm>

#include "common/http1/server.hpp"

namespace oxh::http1 {

namespace {

bool matches(const std::string& pattern, const std::string& path, bool prefixPass) {
  const bool prefix = !pattern.empty() && pattern.back() == '*';
  if (prefix != prefixPass) {
    return false;
  }
  return prefix ? path.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0 : path == pattern;
}

}  // namespace

void Router::add(std::string method, std::string path, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(path), std::move(handler)});
}

Response Router::route(const Request& request) const {
  const auto path = request.path();
  std::vector<std::string> allowed;
  // Exact routes win over prefix routes, whatever the order they were added in.
  for (const bool prefixPass : {false, true}) {
    for (const auto& route : routes_) {
      if (!matches(route.path, path, prefixPass)) {
        continue;
      }
      if (route.method == request.method) {
        return route.handler(request);
      }
      if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) {
        allowed.push_back(route.method);
      }
    }
  }
  if (!allowed.empty()) {
    std::string allow;
    for (const auto& method : allowed) {
      allow += (allow.empty() ? "" : ", ") + method;
    }
    // RFC 9110 §15.5.6: a 405 carries Allow with the methods the resource supports.
    auto response = Response::json(405, {{"error", "method not allowed"}});
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  return Response::json(404, {{"error", "not found"}});
}

Handler Router::handler() const {
  return [this](const Request& request) { return route(request); };
}

}  // namespace oxh::http1
