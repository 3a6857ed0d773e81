#pragma once
// The fault proxies' actions on a control plane (common/control), for tools outside a scenario
// (`oxharness proxy`, pytest): every body is a JSON object, `target` names the proxy and may be
// left out when there is only one.
//   POST /_oxh/control/arm      {"target"?, "fault": "latency", "latency": "200ms", ...} -> {"id": n}
//   POST /_oxh/control/clear    {"target"?}                                            -> {"cleared": n}
//   POST /_oxh/control/offline  {"target"?}   refuse new connections, reset open ones
//   POST /_oxh/control/online   {"target"?}
// Parameters are those of the `fault.arm` step (numbers and booleans may be JSON values).
// Errors answer 400 {"error": "..."}; an unknown target 404.
// Thread: the proxies must outlive the control plane; actions run on control threads.
#include <map>
#include <memory>
#include <string>

#include "common/control/control_plane.hpp"
#include "runner/faults/fault_proxy.hpp"

namespace oxh::faults {

using ProxyMap = std::map<std::string, std::shared_ptr<FaultProxy>>;

void registerProxyActions(control::ControlPlane& plane, const ProxyMap& proxies);

// {"fault": "latency", "latency": "200ms", "once": true} -> text parameters for parseFaultSpec;
// `target` is dropped. Returns false with `error` set when a value is not a scalar.
bool faultParamsFromJson(const nlohmann::json& body, std::map<std::string, std::string>& params, std::string& error);

}  // namespace oxh::faults
