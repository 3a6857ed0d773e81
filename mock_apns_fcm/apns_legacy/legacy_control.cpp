// FakeApnsLegacy's control-plane actions (DESIGN.md §4 "Control plane"): list recorded
// notifications, arm faults, mark tokens unregistered for the feedback service.
#include "common/control/control_plane.hpp"
#include "common/error/error.hpp"
#include "mock_apns_fcm/apns_legacy/fake_apns_legacy.hpp"

namespace oxh::push::apns {

namespace {

http1::Response badRequest(const std::string& why) { return http1::Response::json(400, {{"error", why}}); }

nlohmann::json parseBody(const http1::Request& request) {
  return nlohmann::json::parse(request.body.empty() ? std::string("{}") : request.body, nullptr, false);
}

}  // namespace

void FakeApnsLegacy::registerControlActions(control::ControlPlane& control) {
  control.registerAction("apns_legacy_pushes", "GET", [this](const http1::Request& request) {
    auto out = nlohmann::json::array();
    const auto token = request.query().rfind("token=", 0) == 0 ? request.query().substr(6) : std::string();
    for (const auto& record : token.empty() ? pushes().all() : pushes().forToken(token)) {
      out.push_back(record.toJson());
    }
    return http1::Response::json(200, {{"pushes", out}});
  });
  control.registerAction("apns_legacy_arm_fault", "POST", [this](const http1::Request& request) {
    try {
      auto fault = LegacyFault::fromJson(parseBody(request));
      const auto echo = fault.toJson();
      arm(std::move(fault));
      return http1::Response::json(200, {{"armed", echo}});
    } catch (const OxhException& error) {
      return badRequest(error.error().describe());
    }
  });
  control.registerAction("apns_legacy_unregister", "POST", [this](const http1::Request& request) {
    const auto body = parseBody(request);
    if (!body.is_object() || !body.contains("token") || !body["token"].is_string()) {
      return badRequest("want {\"token\", \"since_ms\"?, \"topic\"?}");
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
