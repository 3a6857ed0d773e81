#pragma once
// The push fakes as one unit for long-lived stacks (`oxharness serve`, tools/netns-run): the
// fake APNs (HTTP/2 provider API), optionally the legacy binary gateway and feedback service
// sharing its device registry, and the fake FCM, configured from JSON (the `apns:` and `fcm:`
// sections of the serve configuration, runner/cli/serve_config.hpp):
//
//   apns: {listen: "127.0.0.1:0", environment: sandbox|production, accept_unknown_tokens,
//          strict_token_length, enforce_token_update_rate, gate_streams,
//          rate_limit: {max, window_ms},
//          keys: [{team_id, key_id, public_key_file | public_key_pem, topics: [..]}],
//          devices: [{token, topic, environment, unregistered_since_ms}],
//          legacy: {gateway: "127.0.0.1:0", feedback: "127.0.0.1:0", environment,
//                   accept_unknown_tokens, require_environment_oid, idle_timeout_ms}}
//   fcm:  {listen: "127.0.0.1:0", tls: true, project_id, accept_unknown_tokens,
//          strict_data_strings, rate_limit: {max, window_ms},
//          server_keys: [{key, sender}], access_tokens: [..],
//          devices: [{token, sender, registered, canonical_id}]}
//
// A null section starts nothing for that service. Bad input throws OxhException
// [oxh.config.push] naming the JSON path.
// Thread: construct, registerControlActions, start and stop from one thread; the fakes run on
// the io_context's threads.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/net/endpoint.hpp"

namespace oxh::journal {
class Journal;
}
namespace oxh::tls {
class CertificateAuthority;
}
namespace oxh::control {
class ControlPlane;
}

namespace oxh::push {

struct PushFakesOptions {
  nlohmann::json apns;  // null: no APNs fakes
  nlohmann::json fcm;   // null: no FCM fake
  std::shared_ptr<tls::CertificateAuthority> authority;  // issues every server certificate
  journal::Journal* journal = nullptr;                   // not owned
};

class PushFakes {
 public:
  PushFakes(boost::asio::io_context& context, PushFakesOptions options);
  ~PushFakes();
  PushFakes(const PushFakes&) = delete;
  PushFakes& operator=(const PushFakes&) = delete;

  // The fakes' control actions (apns_*, fcm_*, apns_legacy_*); before the control plane starts.
  void registerControlActions(control::ControlPlane& control);
  void start();  // throws OxhException [oxh.net.listen], [oxh.tls.*]
  void stop();
  void reset();  // pushes, faults, rate counts

  [[nodiscard]] std::vector<net::HostPort> endpoints() const;  // every listener, for readiness
  // {"apns": {"listen", "legacy_gateway"?, "legacy_feedback"?}, "fcm": {"listen", "url"}}
  [[nodiscard]] nlohmann::json describe() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oxh::push
