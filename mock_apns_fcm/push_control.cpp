#include "mock_apns_fcm/push_control.hpp"

namespace oxh::push {

http1::Response controlBadRequest(const std::string& why) { return http1::Response::json(400, {{"error", why}}); }

nlohmann::json controlBody(const http1::Request& request) {
  return nlohmann::json::parse(request.body.empty() ? std::string("{}") : request.body, nullptr, false);
}

http1::Handler pushListing(const PushLog& log) {
  return [&log](const http1::Request& request) {
    auto out = nlohmann::json::array();
    const auto token = request.query().rfind("token=", 0) == 0 ? request.query().substr(6) : std::string();
    for (const auto& record : log.records()) {
      if (token.empty() || record->token == token) {
        out.push_back(record->toJson());
      }
    }
    return http1::Response::json(200, {{"pushes", out}});
  };
}

}  // namespace oxh::push
