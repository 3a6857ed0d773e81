// FakeApns's control-plane actions (DESIGN.md §4 "Control plane"): list recorded pushes, arm
// faults, register devices and provider keys. The shape follows what users of other APNs mocks
// converged on (error tokens, activity, reset; push.md §6).
#include "common/control/control_plane.hpp"
#include "common/error/error.hpp"
#include "mock_apns_fcm/push_control.hpp"
#include "mock_apns_fcm/apns/fake_apns.hpp"

namespace oxh::push::apns {

void FakeApns::registerControlActions(control::ControlPlane& control) {
  control.registerAction("apns_pushes", "GET", pushListing(pushes()));
  control.registerAction("apns_arm_fault", "POST", [this](const http1::Request& request) {
    const auto body = controlBody(request);
    try {
      auto fault = FaultOverride::fromJson(body);
      const auto echo = fault.toJson();
      arm(std::move(fault));
      return http1::Response::json(200, {{"armed", echo}});
    } catch (const OxhException& error) {
      return controlBadRequest(error.error().describe());
    }
  });
  control.registerAction("apns_devices", "POST", [this](const http1::Request& request) {
    const auto body = controlBody(request);
    if (!body.is_object() || !body.contains("token") || !body["token"].is_string()) {
      return controlBadRequest("want {\"token\", \"topic\", \"environment\"?, \"unregistered_since_ms\"?}");
    }
    const auto environment = environmentFromName(body.value("environment", "sandbox"));
    if (!environment) {
      return controlBadRequest("environment is sandbox or production");
    }
    addDevice(body["token"].get<std::string>(), body.value("topic", ""), *environment);
    if (body.contains("unregistered_since_ms") && body["unregistered_since_ms"].is_number()) {
      unregisterDevice(body["token"].get<std::string>(),
                       std::chrono::system_clock::time_point(
                           std::chrono::milliseconds(body["unregistered_since_ms"].get<std::int64_t>())));
    }
    return http1::Response::json(200, {{"devices", devices().size()}});
  });
  control.registerAction("apns_rate_limit", "POST", [this](const http1::Request& request) {
    try {
      const auto limit = RateLimit::fromJson(controlBody(request));
      setRateLimit(limit);
      return http1::Response::json(200, {{"rate_limit", limit.toJson()}});
    } catch (const OxhException& error) {
      return controlBadRequest(error.error().describe());
    }
  });
  control.registerAction("apns_keys", "POST", [this](const http1::Request& request) {
    const auto body = controlBody(request);
    if (!body.is_object() || !body.contains("key_id") || !body.contains("team_id") || !body.contains("public_key_pem")) {
      return controlBadRequest("want {\"team_id\", \"key_id\", \"public_key_pem\", \"topics\"?}");
    }
    ProviderKey key;
    key.teamId = body.value("team_id", "");
    key.keyId = body.value("key_id", "");
    key.publicKeyPem = body.value("public_key_pem", "");
    key.topics = body.value("topics", std::vector<std::string>{});
    addKey(std::move(key));
    return http1::Response::json(200, {{"keys", keys().size()}});
  });
}

}  // namespace oxh::push::apns
