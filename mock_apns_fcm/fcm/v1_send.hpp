#pragma once
// FCM HTTP v1: POST /v1/projects/{project}/messages:send (push.md §5, Google [G2], [G2b]).
// `Authorization: Bearer <token>`; body {"validate_only"?, "message": {exactly one of token /
// topic / condition, data (string values), notification, android, apns, webpush, fcm_options}}.
// Success: {"name": "projects/{p}/messages/{id}"}. Errors: google.rpc JSON
// {"error": {"code","message","status","details":[FcmError {"errorCode"} | BadRequest]}}.
// Thread: any; everything shared sits in FcmContext.
#include "common/http1/message.hpp"
#include "mock_apns_fcm/fcm/fcm_context.hpp"

namespace oxh::push::fcm {

http1::Response handleV1Send(const http1::Request& request, FcmContext& context);

}  // namespace oxh::push::fcm
