#include "mock_apns_fcm/fcm/fake_fcm.hpp"

#include <algorithm>
#include <mutex>

#include "common/control/control_plane.hpp"
#include "common/error/error.hpp"
#include "common/http1/server.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"
#include "common/http1/tls_handoff.hpp"
#include "mock_apns_fcm/fcm/fcm_h2_connection.hpp"
#include "mock_apns_fcm/fcm/legacy_send.hpp"
#include "mock_apns_fcm/fcm/v1_send.hpp"

namespace oxh::push::fcm {

struct FakeFcm::Impl {
  Impl(boost::asio::io_context& io, FakeFcmOptions opts)
      : ioContext(io), options(std::move(opts)), log("fcm", options.journal),
        rateLimiter(options.behaviour.tokenRateLimit),
        context{registry, faults, log, options.behaviour, rateLimiter} {}

  boost::asio::io_context& ioContext;
  FakeFcmOptions options;
  FcmRegistry registry;
  FcmFaults faults;
  PushLog log;
  RateLimiter rateLimiter;
  FcmContext context;
  http1::Router router;
  std::unique_ptr<http1::Server> server;
  std::mutex mutex;  // guards h2Connections
  std::vector<std::weak_ptr<FcmH2Connection>> h2Connections;
};

FakeFcm::FakeFcm(boost::asio::io_context& context, FakeFcmOptions options)
    : impl_(std::make_unique<Impl>(context, std::move(options))) {
  auto legacy = [this](const http1::Request& request) { return handleLegacySend(request, impl_->context); };
  impl_->router.add("POST", "/fcm/send", legacy);
  impl_->router.add("POST", "/gcm/send", legacy);
  impl_->router.add("POST", "/v1/projects/*", [this](const http1::Request& request) {
    return handleV1Send(request, impl_->context);
  });
  // Google's OAuth 2.0 token endpoint (https://oauth2.googleapis.com/token), for senders that
  // mint their own access token from a service-account key (RFC 7523 JWT bearer grant): the
  // stand-in does not check the assertion and answers RFC 6749 §5.1's shape with a token the
  // v1 endpoint accepts. Reached by host name under tools/netns-run.
  impl_->router.add("POST", "/token", [this](const http1::Request& request) {
    if (request.body.find("grant_type=") == std::string::npos) {
      return http1::Response::json(400, {{"error", "invalid_request"}, {"error_description", "missing grant_type"}});
    }
    return http1::Response::json(200, {{"access_token", impl_->registry.issuedAccessToken(kIssuedAccessToken)},
                                       {"expires_in", 3599},
                                       {"token_type", "Bearer"}});
  });
}

FakeFcm::~FakeFcm() { stop(); }

void FakeFcm::start() {
  if (impl_->server) {
    return;
  }
  http1::ServerOptions server;
  server.listen = impl_->options.listen;
  server.component = "fcm";
  server.journal = impl_->options.journal;
  server.bodyLimit = 1024 * 1024;
  if (impl_->options.tls) {
    auto policy = std::make_shared<tls::TlsPolicy>();
    // fcm.googleapis.com serves HTTP/2 and HTTP/1.1 on one port; firebase-admin uses h2 for
    // sendEach* and http/1.1 for send() (push.md §5).
    policy->alpn = {"h2", "http/1.1"};
    server.tls = policy;
    auto h2Settings = std::make_shared<FcmH2Settings>();
    h2Settings->handler = impl_->router.handler();
    h2Settings->journal = impl_->options.journal;
    h2Settings->bodyLimit = server.bodyLimit;
    server.handoffAlpn = {"h2"};
    Impl* impl = impl_.get();
    server.handoff = [impl, h2Settings](http1::TlsHandoff& handoff) {
      auto connection = std::make_shared<FcmH2Connection>(handoff, h2Settings);
      {
        std::lock_guard lock(impl->mutex);
        auto& all = impl->h2Connections;
        all.erase(std::remove_if(all.begin(), all.end(), [](const auto& weak) { return weak.expired(); }), all.end());
        all.push_back(connection);
      }
      connection->start();
    };
    server.authority = impl_->options.authority ? impl_->options.authority
                                                : std::make_shared<tls::CertificateAuthority>("oxharness fake FCM CA");
    server.tlsHostNames = impl_->options.hostNames;
  }
  impl_->server = std::make_unique<http1::Server>(impl_->ioContext, server, impl_->router.handler());
  impl_->server->start();
}

void FakeFcm::stop() {
  if (impl_->server) {
    impl_->server->stop();
  }
  std::vector<std::weak_ptr<FcmH2Connection>> connections;
  {
    std::lock_guard lock(impl_->mutex);
    connections.swap(impl_->h2Connections);
  }
  for (auto& weak : connections) {
    if (auto connection = weak.lock()) {
      connection->close();
    }
  }
}

net::HostPort FakeFcm::endpoint() const {
  return impl_->server ? impl_->server->endpoint() : impl_->options.listen;
}

std::string FakeFcm::baseUrl() const {
  return std::string(impl_->options.tls ? "https://" : "http://") + endpoint().str();
}

FcmRegistry& FakeFcm::registry() { return impl_->registry; }
FcmFaults& FakeFcm::faults() { return impl_->faults; }
PushLog& FakeFcm::pushes() { return impl_->log; }

void FakeFcm::addServerKey(const std::string& key, const std::string& sender) {
  impl_->registry.addServerKey(key, sender);
}

void FakeFcm::addAccessToken(const std::string& token) { impl_->registry.addAccessToken(token); }

void FakeFcm::addDevice(const std::string& token, const std::string& sender, bool registered,
                        const std::string& canonicalId) {
  impl_->registry.addDevice(token, FcmDevice{sender, registered, canonicalId});
}

void FakeFcm::arm(FcmFault fault) { impl_->faults.arm(std::move(fault)); }

void FakeFcm::setRateLimit(RateLimit limit) { impl_->rateLimiter.setLimit(limit); }

void FakeFcm::reset() {
  impl_->rateLimiter.clear();
  impl_->faults.clear();
  impl_->log.clear();
}

void FakeFcm::registerControlActions(control::ControlPlane& control) {
  const auto parse = [](const http1::Request& request) {
    return nlohmann::json::parse(request.body.empty() ? std::string("{}") : request.body, nullptr, false);
  };
  control.registerAction("fcm_pushes", "GET", [this](const http1::Request&) {
    auto out = nlohmann::json::array();
    for (const auto& record : pushes().all()) {
      out.push_back(record.toJson());
    }
    return http1::Response::json(200, {{"pushes", out}});
  });
  control.registerAction("fcm_arm_fault", "POST", [this, parse](const http1::Request& request) {
    try {
      auto fault = FcmFault::fromJson(parse(request));
      const auto echo = fault.toJson();
      arm(std::move(fault));
      return http1::Response::json(200, {{"armed", echo}});
    } catch (const OxhException& error) {
      return http1::Response::json(400, {{"error", error.error().describe()}});
    }
  });
  control.registerAction("fcm_devices", "POST", [this, parse](const http1::Request& request) {
    const auto body = parse(request);
    if (!body.is_object() || !body.contains("token") || !body["token"].is_string()) {
      return http1::Response::json(400, {{"error", "want {\"token\", \"sender\", \"registered\"?, \"canonical_id\"?}"}});
    }
    addDevice(body["token"].get<std::string>(), body.value("sender", ""), body.value("registered", true),
              body.value("canonical_id", ""));
    return http1::Response::json(200, {{"devices", registry().deviceCount()}});
  });
  control.registerAction("fcm_rate_limit", "POST", [this, parse](const http1::Request& request) {
    try {
      const auto limit = RateLimit::fromJson(parse(request));
      setRateLimit(limit);
      return http1::Response::json(200, {{"rate_limit", limit.toJson()}});
    } catch (const OxhException& error) {
      return http1::Response::json(400, {{"error", error.error().describe()}});
    }
  });
  control.registerAction("fcm_keys", "POST", [this, parse](const http1::Request& request) {
    const auto body = parse(request);
    if (!body.is_object() || !body.contains("key")) {
      return http1::Response::json(400, {{"error", "want {\"key\", \"sender\"}"}});
    }
    addServerKey(body.value("key", ""), body.value("sender", ""));
    return http1::Response::json(200, {{"ok", true}});
  });
}

}  // namespace oxh::push::fcm
