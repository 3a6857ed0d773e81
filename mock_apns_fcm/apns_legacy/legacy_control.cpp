// FakeApnsLegacy's control-plane actions (DESIGN.md §4 "Control plane"): list recorded
// notifications, arm faults, mark tokens unregistered for the feedback service.
#include "common/control/control_plane.hpp"
#include "common/error/error.hpp"
#include "mock_apns_fcm/push_control.hpp"
#include "mock_apns_fcm/apns_legacy/fake_apns_legacy.hpp"

namespace oxh::push::apns {

void FakeApnsLegacy::registerControlActions(control::ControlPlane& control) {
  control.registerAction("apns_legacy_pushes", "GET", pushListing(pushes()));
  control.registerAction("apns_legacy_arm_fault", "POST", [this](const http1::Request& request) {
    try {
      auto fault = LegacyFault::fromJson(controlBody(request));
      const auto echo = fault.toJson();
      arm(std::move(fault));
      return http1::Response::json(200, {{"armed", echo}});
    } catch (const OxhException& error) {
      return controlBadRequest(error.error().describe());
    }
  });
  control.registerAction("apns_legacy_unregister", "POST", [this](const http1::Request& request) {
    const auto body = controlBody(request);
    if (!body.is_object() || !body.contains("token") || !body["token"].is_string()) {
      return controlBadRequest("want {\"token\", \"since_ms\"?, \"topic\"?}");
    }
    const auto token = body["token"].get<std::string>();
    if (body.contains("topic") && body["topic"].is_string() && !devices().find(token)) {
      addDevice(token, body["topic"].get<std::string>());
    }
    const auto since = body.contains("since_ms") && body["since_ms"].is_number_integer()
                           ? std::chrono::system_clock::time_point(std::chrono::milliseconds(body["since_ms"].get<std::int64_t>()))
                           : std::chrono::system_clock::now();
    unregisterDevice(token, since);
    return http1::Response::json(200, {{"unregistered", token}});
  });
}

}  // namespace oxh::push::apns
