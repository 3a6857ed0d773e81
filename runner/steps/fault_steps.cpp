// fault.arm, fault.clear, network.offline, network.online: TCP-level faults on the topology's
// fault proxies (`topology: {proxies: {NAME: {to: ...}}}`, runner/faults/fault_proxy.hpp).
// `target` names a proxy. Every armed, applied and cleared fault is journaled (component
// "fault"), with the proxy's seed derived from --seed, so a run reproduces its schedule.
#include "runner/engine/step_context.hpp"
#include "runner/faults/fault_proxy.hpp"
#include "runner/scenario/schema.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner {

namespace {

faults::FaultProxy& proxyOf(StepContext& context) {
  const auto target = context.requiredText("target");
  const auto found = context.faultProxies.find(target);
  if (found != context.faultProxies.end()) {
    return *found->second;
  }
  std::vector<std::string> names;
  for (const auto& [name, proxy] : context.faultProxies) {
    names.push_back(name);
  }
  if (names.empty()) {
    throw StepFailure("no fault proxy '" + target + "': the topology declares no `proxies:`");
  }
  throw StepFailure("no fault proxy '" + target + "'" + didYouMean(target, names));
}

void armFault(StepContext& context, const Step& /*step*/) {
  auto& proxy = proxyOf(context);
  std::map<std::string, std::string> params;
  for (const auto& entry : context.args) {
    const auto key = entry.first.as<std::string>();
    if (key == "once") {
      params[key] = context.flag("once", false) ? "true" : "false";
    } else if (key != "target") {
      params[key] = entry.second.Scalar();
    }
  }
  const auto parsed = faults::parseFaultSpec(params);
  if (!parsed.spec) {
    throw StepFailure(parsed.error);
  }
  const auto id = proxy.arm(*parsed.spec);
  context.vars.set("fault.id", std::to_string(id));
}

void clearFaults(StepContext& context, const Step& /*step*/) { proxyOf(context).clear(); }
void goOffline(StepContext& context, const Step& /*step*/) { proxyOf(context).offline(); }
void goOnline(StepContext& context, const Step& /*step*/) { proxyOf(context).online(); }

ParamSpec target() { return {"target", ParamType::String, true, "name of a proxy in topology.proxies"}; }

}  // namespace

void registerFaultSteps(StepRegistry& registry) {
  auto arm = makeStep(
      "fault.arm", "arm a TCP fault on a fault proxy (latency, bandwidth, slice, blackhole, reset, slow_close, data_limit, refuse)",
      {target(),
       {"fault", ParamType::String, true, "latency, bandwidth, slice, blackhole, reset, slow_close, data_limit or refuse"},
       {"direction", ParamType::String, false, "both (default), client_to_server or server_to_client"},
       {"once", ParamType::Bool, false, "only the next connection accepted"},
       {"duration", ParamType::Duration, false, "the fault ends by itself after this long (default: until fault.clear)"},
       {"latency", ParamType::Duration, false, "latency: delay of each chunk"},
       {"jitter", ParamType::Duration, false, "latency: ± this much, seeded"},
       {"rate", ParamType::Int, false, "bandwidth: bytes per second"},
       {"chunk_min", ParamType::Int, false, "slice: smallest write (default 1)"},
       {"chunk_max", ParamType::Int, false, "slice: largest write (default chunk_min)"},
       {"gap", ParamType::Duration, false, "slice: pause between writes (default 0)"},
       {"after_bytes", ParamType::Int, false, "reset, data_limit: bytes let through first (default 0)"},
       {"delay", ParamType::Duration, false, "slow_close: how long a FIN is held"}},
      armFault);
  arm.definedVariables = [](const YAML::Node&) { return std::vector<std::string>{"fault.id"}; };
  registry.add(std::move(arm));
  auto clear = makeStep("fault.clear", "clear every fault armed on a fault proxy (a refused listener reopens)", {target()},
                        clearFaults);
  clear.scalarParam = "target";
  registry.add(std::move(clear));
  auto offline = makeStep("network.offline", "a fault proxy goes offline: new connections refused, open ones reset",
                          {target()}, goOffline);
  offline.scalarParam = "target";
  registry.add(std::move(offline));
  auto online = makeStep("network.online", "a fault proxy comes back online on the same address", {target()}, goOnline);
  online.scalarParam = "target";
  registry.add(std::move(online));
}

}  // namespace oxh::runner
