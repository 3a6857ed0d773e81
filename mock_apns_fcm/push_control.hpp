#pragma once
// What the fakes' control-plane actions share: JSON bodies in, 400s with a reason out, and the
// listing of recorded pushes (GET <action>?token=T: all pushes, or those for one token).
#include <nlohmann/json.hpp>
#include <string>

#include "common/http1/message.hpp"
#include "common/http1/server.hpp"
#include "mock_apns_fcm/push_record.hpp"

namespace oxh::push {

http1::Response controlBadRequest(const std::string& why);
// The request's JSON body ({} when empty); a discarded value when it is not JSON.
nlohmann::json controlBody(const http1::Request& request);
// A handler listing `log` as {"pushes": [...]}; the log must outlive the handler.
http1::Handler pushListing(const PushLog& log);

}  // namespace oxh::push
