// The embedded fake middleware as a cluster (topology `facade: {nodes: N}`):
//   facade.node_stop {node, crash} / facade.node_start {node}: a node leaves (crash: without
//     unregistering at Dovecot) or rejoins; the permanent listeners
//     are rescheduled over the running nodes (mock_facade/pns/listener_cluster.hpp) and
//     re-registered at Dovecot on the worker (journaled as pns.listener, pns.node);
//   expect.facade.listeners {node, users, within}: the node's listpushusers output (7.8's format,
//     "user=U, context=C, permanent=true" per line) is exactly the listed users' listeners.
#include <algorithm>
#include <sstream>

#include "runner/engine/step_context.hpp"
#include "runner/steps/step_families.hpp"
#include "runner/topology/pns_relay.hpp"

namespace oxh::runner {

namespace {

std::shared_ptr<facade::pns::PnsService> pnsOf(StepContext& context, const std::string& step) {
  auto service = context.pnsRelay ? context.pnsRelay->service() : nullptr;
  if (!service) {
    throw StepFailure(step + " acts on the embedded fake middleware; this scenario has none (a real facade build?)");
  }
  return service;
}

int nodeOf(StepContext& context, const facade::pns::PnsService& service, const std::string& step) {
  const auto node = context.integer("node", 0);
  if (node < 1 || node > service.nodeCount()) {
    throw StepFailure(step + ": node " + std::to_string(node) + " does not exist (the facade has " +
                      std::to_string(service.nodeCount()) + " node(s); set topology facade.nodes)");
  }
  return static_cast<int>(node);
}

void changeNode(StepContext& context, bool start) {
  const std::string step = start ? "facade.node_start" : "facade.node_stop";
  auto service = pnsOf(context, step);
  const int node = nodeOf(context, *service, step);
  if (!(start ? service->startNode(node) : service->stopNode(node, context.flag("crash", false)))) {
    throw StepFailure(step + ": node " + std::to_string(node) + (start ? " is already running" : " is already stopped"));
  }
}

std::string expectedListing(StepContext& context) {
  std::vector<std::pair<std::int64_t, std::int64_t>> keys;
  if (context.has("users")) {
    const auto users = context.args["users"];
    if (!users.IsSequence()) {
      throw StepFailure("expect.facade.listeners: 'users' must be a list of scenario users");
    }
    for (const auto& item : users) {
      const auto& user = context.user(item.as<std::string>());
      keys.emplace_back(user.userId, user.contextId);
    }
  }
  std::sort(keys.begin(), keys.end());  // listPushUsers' order
  std::ostringstream out;
  for (const auto& [userId, contextId] : keys) {
    out << "user=" << userId << ", context=" << contextId << ", permanent=true\n";
  }
  return out.str();
}

void expectListeners(StepContext& context, const Step& /*step*/) {
  auto service = pnsOf(context, "expect.facade.listeners");
  const int node = nodeOf(context, *service, "expect.facade.listeners");
  const auto wanted = expectedListing(context);
  const auto deadline = context.deadlineFor(context.duration("within"));
  std::string actual;
  // The hand-over journals every registration, so each journal entry is a reason to look again.
  for (;;) {
    const auto after = context.journal.lastSeq();
    actual = service->listPushUsers(node);
    if (actual == wanted || journal::Clock::now() >= deadline) {
      break;
    }
    journal::WaitOptions options;
    options.after = after;
    options.consume = false;
    options.includeConsumed = true;
    context.journal.waitFor([](const journal::Entry&) { return true; },
                            std::min<journal::Clock::duration>(deadline - journal::Clock::now(),
                                                               std::chrono::milliseconds(200)),
                            options);
  }
  if (actual != wanted) {
    throw StepFailure("listpushusers on node " + std::to_string(node) + " printed\n" +
                      (actual.empty() ? "(nothing)\n" : actual) + "wanted\n" + (wanted.empty() ? "(nothing)\n" : wanted));
  }
}

}  // namespace

void registerFacadeClusterSteps(StepRegistry& registry) {
  registry.add(makeStep("facade.node_stop", "a middleware node of the fake facade leaves the cluster; its listeners move",
                        {{"node", ParamType::Int, true, "1..topology facade.nodes"},
                         {"crash", ParamType::Bool, false, "true: dies without unregistering at Dovecot"}},
                        [](StepContext& context, const Step&) { changeNode(context, false); }));
  registry.add(makeStep("facade.node_start", "a stopped middleware node rejoins; the listeners are spread again",
                        {{"node", ParamType::Int, true, "1..topology facade.nodes"}},
                        [](StepContext& context, const Step&) { changeNode(context, true); }));
  registry.add(makeStep("expect.facade.listeners", "a node's listpushusers output lists exactly these users",
                        {{"node", ParamType::Int, true, "1..topology facade.nodes"},
                         {"users", ParamType::List, true, "scenario users ([] for none)"},
                         {"within", ParamType::Duration, false, "time limit (default 10s)"}},
                        expectListeners));
}

}  // namespace oxh::runner
