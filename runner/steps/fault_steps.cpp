// fault.arm, fault.clear, network.offline, network.online: TCP-level faults (and, on a proxy with
// `tls: terminate` or a `protocol`, TLS, HTTP/1 and HTTP/2 faults) on the topology's
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
  if (const auto problem = proxy.checkSupported(*parsed.spec); !problem.empty()) {
    throw StepFailure(problem);
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
      "fault.arm", "arm a fault on a fault proxy (TCP: latency, bandwidth, slice, blackhole, reset, slow_close, "
      "data_limit, refuse; TLS: tls_stall, tls_alert, tls_certificate; HTTP/1: http_status, http_delay, "
      "http_malformed, http_close_mid_body; HTTP/2: h2_rst_stream, h2_goaway, h2_settings)",
      {target(),
       {"fault", ParamType::String, true, "the fault kind (see the step's description)"},
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
       {"delay", ParamType::Duration, false, "slow_close: how long a FIN is held; http_delay: the response; "
                                             "h2_goaway: the close after GOAWAY"},
       {"alert", ParamType::String, false, "tls_alert: handshake_failure, protocol_version, internal_error, ..."},
       {"certificate", ParamType::String, false, "tls_certificate: expired, wrong_host or self_signed"},
       {"status", ParamType::Int, false, "http_status: the status the proxy answers with (default 503)"},
       {"body", ParamType::String, false, "http_status: the body of that answer"},
       {"retry_after", ParamType::String, false, "http_status: a Retry-After header"},
       {"path", ParamType::String, false, "http_*: only requests whose target starts with this"},
       {"count", ParamType::Int, false, "TLS/HTTP faults: act this many times, then the fault is spent"},
       {"error_code", ParamType::String, false, "h2_rst_stream, h2_goaway: HTTP/2 error code (name or number)"},
       {"last_stream_id", ParamType::Int, false, "h2_goaway: default the last stream passed on"},
       {"header_table_size", ParamType::Int, false, "h2_settings"},
       {"enable_push", ParamType::Int, false, "h2_settings"},
       {"max_concurrent_streams", ParamType::Int, false, "h2_settings"},
       {"initial_window_size", ParamType::Int, false, "h2_settings"},
       {"max_frame_size", ParamType::Int, false, "h2_settings"},
       {"max_header_list_size", ParamType::Int, false, "h2_settings"}},
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
