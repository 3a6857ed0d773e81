#pragma once
// FCM legacy HTTP: POST /fcm/send (and GCM's /gcm/send), push.md §4 and Google [G1].
// - Authorization "key=<server key>": missing or unknown -> 401 with an HTML body (its exact
//   text is UNCONFIRMED; one capture shows a page titled INVALID_KEY).
// - Body not a JSON object -> 400 with a plain-text reason.
// - Otherwise 200 with {"multicast_id","success","failure","canonical_ids","results"}, one
//   result per token in request order: {"message_id"[, "registration_id"]} or {"error"}.
// Thread: any; everything shared sits in FcmContext.
#include "common/http1/message.hpp"
#include "mock_apns_fcm/fcm/fcm_context.hpp"

namespace oxh::push::fcm {

http1::Response handleLegacySend(const http1::Request& request, FcmContext& context);

}  // namespace oxh::push::fcm
