#pragma once
// The configuration of `oxharness serve`: which users the fakes know and where each listener
// goes. With no file, a demo stack (alice and bob, everything on 127.0.0.1 port 0).
//
//   users:
//     - {login: alice@example.org, password: secret, user_id: 3, context_id: 1}
//   notify: {listen: "127.0.0.1:18080", user: oxuser, password: oxpass}
//   control: {listen: "127.0.0.1:0"}
//   facade: {listen: "127.0.0.1:0", flagging: colorOnly, tls: false, imap: "host:port", lmtp: "host:port",
//            server_version: 7.10.6-Rev30, tls_min_version: TLSv1, tls_certificate: expired | wrong_host}
//   (the fake App Suite /ajax API; imap/lmtp point it at another Dovecot than the embedded fake;
//   flagging is the mode of users without one, the middleware default colorOnly;
//   facade.mobile starts the Mobile API Facade in front of it, see runner/cli/serve_mobile.hpp;
//   facade.nodes: 1..32 middleware nodes sharing the PNS, see runner/cli/serve_pns.hpp)
//   dovecot: {imap: "127.0.0.1:0", imaps: "127.0.0.1:0", lmtp: "127.0.0.1:0",
//             push_driver: "ox:url={notify} user_from_metadata", metadata_networks: "127.0.0.1/32 ::1/128",
//             profile: dovecot-2.3, capabilities: "-METADATA +XFOO", passwd_file: users.passwd}
//   (passwd_file: more users in Dovecot's passwd-file format, relative to this file)
//   ({notify} is the embedded receiver's URL with its credentials; push_driver: none turns push off)
//   apns: {listen: "127.0.0.2:443", legacy: {gateway: "127.0.0.2:2195", feedback: "127.0.0.2:2196"}, ...}
//   fcm:  {listen: "127.0.0.3:443", ...}
//   (the push fakes, started only when their section is present; every key is in
//   mock_apns_fcm/push_fakes.hpp; tools/netns-run uses them to stand in for Apple and Google)
//
// Errors carry the file:line:col of the offending node ([oxh.config.*]); unknown keys are errors.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/net/endpoint.hpp"
#include "runner/cli/serve_mobile.hpp"
#include "runner/scenario/model.hpp"

namespace oxh::runner::cli {

struct ServeConfig {
  std::vector<User> users;
  net::HostPort notifyListen{"127.0.0.1", 0};
  std::optional<std::string> notifyUser = std::string("oxuser");
  std::optional<std::string> notifyPassword = std::string("oxpass");
  net::HostPort controlListen{"127.0.0.1", 0};
  net::HostPort dovecotImap{"127.0.0.1", 0};
  net::HostPort dovecotImaps{"127.0.0.1", 0};
  net::HostPort dovecotLmtp{"127.0.0.1", 0};
  std::vector<std::string> pushDrivers{"ox:url={notify} user_from_metadata"};
  std::vector<std::string> metadataNetworks;  // empty: the fake's default (loopback)
  std::string hostname;                       // empty: this machine's short host name
  std::string dovecotProfile = "dovecot-2.3";
  std::vector<std::string> dovecotCapabilities;  // "+X" / "-X" toggles on top of the profile
  std::string dovecotPasswdFile;                 // more users (Dovecot passwd-file); empty: none
  net::HostPort facadeListen{"127.0.0.1", 0};
  std::string facadeFlagging = "colorOnly";
  bool facadeTls = false;
  std::optional<net::HostPort> facadeImap;  // unset: the embedded fake Dovecot
  std::optional<net::HostPort> facadeLmtp;
  int facadeNodes = 1;               // middleware nodes sharing the PNS (runner/cli/serve_pns.hpp)
  std::string facadeServerVersion;   // empty: the fake's default (7.10.6-Rev30)
  std::string facadeTlsMinVersion;   // deliberate misbehaviour (with tls: true): a lower floor
  std::string facadeTlsCertificate;  // valid | expired | wrong_host
  MobileServeConfig facadeMobile;  // facade.mobile: the Mobile API Facade (runner/cli/serve_mobile.hpp)
  nlohmann::json apns;  // null: no fake APNs (mock_apns_fcm/push_fakes.hpp)
  nlohmann::json fcm;   // null: no fake FCM
};

ServeConfig demoServeConfig();
// Throws OxhException with [oxh.config.*] and the position.
ServeConfig loadServeConfig(const std::string& path);

}  // namespace oxh::runner::cli
