#include "mock_apns_fcm/push_control.hpp"

#include <gtest/gtest.h>

namespace oxh::push {
namespace {

TEST(PushControlTest, ListsAllPushesOrThoseOfOneToken) {
  PushLog log("apns");
  PushRecord first;
  first.token = "aa";
  first.status = 200;
  log.append(first);
  PushRecord second;
  second.token = "bb";
  second.status = 410;
  second.reason = "Unregistered";
  log.append(second);
  const auto handler = pushListing(log);
  http1::Request all;
  all.target = "/_oxh/control/apns_pushes";
  EXPECT_EQ(nlohmann::json::parse(handler(all).body)["pushes"].size(), 2U);
  http1::Request one;
  one.target = "/_oxh/control/apns_pushes?token=bb";
  const auto pushes = nlohmann::json::parse(handler(one).body)["pushes"];
  ASSERT_EQ(pushes.size(), 1U);
  EXPECT_EQ(pushes[0]["reason"], "Unregistered");
}

TEST(PushControlTest, BodiesAndBadRequests) {
  http1::Request empty;
  EXPECT_TRUE(controlBody(empty).is_object());
  http1::Request garbage;
  garbage.body = "{not json";
  EXPECT_TRUE(controlBody(garbage).is_discarded());
  EXPECT_EQ(controlBadRequest("why").status, 400);
}

}  // namespace
}  // namespace oxh::push
