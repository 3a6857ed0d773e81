#include "runner/cli/serve_pns.hpp"

#include <charconv>

#include "common/error/error.hpp"

namespace oxh::runner::cli {

namespace {

http1::Response problem(int status, const std::string& message) {
  return http1::Response::json(status, {{"error", Error("oxh.serve.pns", message).describe()}});
}

// node=N from the query (GET) or {"node": N} (POST); nullopt when missing or not a node number.
std::optional<int> nodeOf(const http1::Request& request, const facade::pns::PnsService& pns) {
  int node = 0;
  if (request.method == "GET") {
    const auto query = request.query();
    const auto at = query.find("node=");
    if (at == std::string::npos || (at != 0 && query[at - 1] != '&')) {
      return std::nullopt;
    }
    const auto value = query.substr(at + 5, query.find('&', at) - (at + 5));
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), node);
    if (ec != std::errc() || ptr != value.data() + value.size()) {
      return std::nullopt;
    }
  } else {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("node") || !body["node"].is_number_integer()) {
      return std::nullopt;
    }
    node = body["node"].get<int>();
  }
  if (node < 1 || node > pns.nodeCount()) {
    return std::nullopt;
  }
  return node;
}

}  // namespace

std::shared_ptr<facade::pns::PnsService> startServePns(const ServeConfig& config, facade::FakeFacade& facade,
                                                       const net::HostPort& imap, journal::Journal& journal) {
  facade::pns::PnsOptions options;
  options.imapServer = imap;
  options.nodes = config.facadeNodes;
  auto users = std::make_shared<std::vector<facade::FacadeUser>>(facade.users());
  auto pns = std::make_shared<facade::pns::PnsService>(
      journal, options, [users](std::int64_t userId, std::int64_t contextId) {
        for (const auto& user : *users) {
          if (user.userId == userId && user.contextId == contextId) {
            return std::optional<facade::FacadeUser>(user);
          }
        }
        return std::optional<facade::FacadeUser>();
      });
  for (auto& [action, handler] : pns->actions()) {
    facade.registerAction("pns", action, handler, true);
  }
  return pns;
}

void registerPnsControlActions(control::ControlPlane& control, std::shared_ptr<facade::pns::PnsService> pns) {
  const auto bad = [pns] {
    return problem(400, "node must be a node number from 1 to " + std::to_string(pns->nodeCount()));
  };
  control.registerAction("facade_listeners", "GET", [pns, bad](const http1::Request& request) {
    const auto node = nodeOf(request, *pns);
    return node ? http1::Response::text(200, pns->listPushUsers(*node)) : bad();
  });
  for (const bool start : {false, true}) {
    control.registerAction(start ? "facade_node_start" : "facade_node_stop", "POST",
                           [pns, bad, start](const http1::Request& request) {
                             const auto node = nodeOf(request, *pns);
                             if (!node) {
                               return bad();
                             }
                             const auto body = nlohmann::json::parse(request.body, nullptr, false);
                             const bool crash = body.is_object() && body.contains("crash") &&
                                                body["crash"].is_boolean() && body["crash"].get<bool>();
                             if (!(start ? pns->startNode(*node) : pns->stopNode(*node, crash))) {
                               return problem(409, "node " + std::to_string(*node) +
                                                       (start ? " is already running" : " is already stopped"));
                             }
                             return http1::Response::json(200, {{"node", *node}, {"running", start}});
                           });
  }
  control.registerAction("facade_pns", "GET", [pns](const http1::Request&) {
    return http1::Response::json(200, pns->state());
  });
}

}  // namespace oxh::runner::cli
