#pragma once
// The configuration of `oxharness serve`: which users the fakes know and where each listener
// goes. With no file, a demo stack (alice and bob, everything on 127.0.0.1 port 0).
//
//   users:
//     - {login: alice@example.org, password: secret, user_id: 3, context_id: 1}
//   notify: {listen: "127.0.0.1:18080", user: oxuser, password: oxpass}
//   control: {listen: "127.0.0.1:0"}
//
// Errors carry the file:line:col of the offending node ([oxh.config.*]); unknown keys are errors.
#include <optional>
#include <string>
#include <vector>

#include "common/net/endpoint.hpp"
#include "runner/scenario/model.hpp"

namespace oxh::runner::cli {

struct ServeConfig {
  std::vector<User> users;
  net::HostPort notifyListen{"127.0.0.1", 0};
  std::optional<std::string> notifyUser = std::string("oxuser");
  std::optional<std::string> notifyPassword = std::string("oxpass");
  net::HostPort controlListen{"127.0.0.1", 0};
};

ServeConfig demoServeConfig();
// Throws OxhException with [oxh.config.*] and the position.
ServeConfig loadServeConfig(const std::string& path);

}  // namespace oxh::runner::cli
