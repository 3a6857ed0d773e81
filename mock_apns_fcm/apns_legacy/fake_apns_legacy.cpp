#include "mock_apns_fcm/apns_legacy/fake_apns_legacy.hpp"

#include <atomic>
#include <map>
#include <mutex>

#include "common/net/tcp_listener.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::push::apns {

namespace {

// Shared with the connections (LegacyConnectionSettings::owner), so a connection whose last
// handler runs after FakeApnsLegacy is gone still finds what it points into.
struct Core {
  explicit Core(const FakeApnsLegacyOptions& options) : log(kLegacyComponent, options.journal) {
    devices = options.devices != nullptr ? options.devices : &ownDevices;
    shared.devices = devices;
    shared.faults = &faults;
    shared.log = &log;
    shared.feedback = &feedback;
    shared.journal = options.journal;
    shared.validation.environment = options.environment;
    shared.validation.acceptUnknownTokens = options.acceptUnknownTokens;
  }
  DeviceRegistry ownDevices;
  DeviceRegistry* devices = nullptr;
  LegacyFaults faults;
  PushLog log;
  LegacyFeedback feedback;
  LegacyGatewayShared shared;
};

}  // namespace

struct FakeApnsLegacy::Impl {
  Impl(boost::asio::io_context& io, FakeApnsLegacyOptions opts)
      : context(io), options(std::move(opts)), core(std::make_shared<Core>(options)) {}

  std::shared_ptr<net::TcpListener> listen(const net::HostPort& where, std::shared_ptr<const LegacyConnectionSettings> settings,
                                           const std::string& prefix) {
    Impl* impl = this;
    auto listener = std::make_shared<net::TcpListener>(
        context, where, [impl, settings, prefix](boost::asio::ip::tcp::socket socket) {
          const auto id = prefix + std::to_string(impl->nextConnection++);
          auto connection = std::make_shared<LegacyConnection>(std::move(socket), id, settings);
          {
            std::lock_guard lock(impl->mutex);
            for (auto it = impl->connections.begin(); it != impl->connections.end();) {
              it = it->second.expired() ? impl->connections.erase(it) : std::next(it);
            }
            impl->connections[id] = connection;
          }
          connection->start();
        });
    listener->start();
    return listener;
  }

  boost::asio::io_context& context;
  FakeApnsLegacyOptions options;
  std::shared_ptr<Core> core;
  std::shared_ptr<tls::CertificateAuthority> authority;
  std::shared_ptr<net::TcpListener> gateway;
  std::shared_ptr<net::TcpListener> feedback;
  std::mutex mutex;
  std::map<std::string, std::weak_ptr<LegacyConnection>> connections;
  std::atomic<std::uint64_t> nextConnection{1};
};

FakeApnsLegacy::FakeApnsLegacy(boost::asio::io_context& context, FakeApnsLegacyOptions options)
    : impl_(std::make_unique<Impl>(context, std::move(options))) {
  impl_->authority = impl_->options.authority
                         ? impl_->options.authority
                         : std::make_shared<tls::CertificateAuthority>("oxharness fake APNs legacy CA");
}

FakeApnsLegacy::~FakeApnsLegacy() { stop(); }

void FakeApnsLegacy::start() {
  if (impl_->gateway) {
    return;
  }
  tls::TlsPolicy policy;
  policy.minVersion = impl_->options.minTlsVersion;
  policy.clientCerts = tls::TlsPolicy::ClientCertMode::Require;  // push.md §2: mandatory client cert
  policy.clientCaPem = impl_->options.clientCaPem;
  const auto leaf = impl_->authority->issue(impl_->options.hostNames);
  const auto context = tls::makeServerContext(policy, leaf.certPem, leaf.keyPem);

  const auto settingsFor = [&](LegacyRole role) {
    auto settings = std::make_shared<LegacyConnectionSettings>();
    settings->role = role;
    settings->tls = context;
    settings->shared = &impl_->core->shared;
    settings->requireEnvironmentOid = impl_->options.requireEnvironmentOid;
    settings->idleTimeout = impl_->options.idleTimeout;
    settings->owner = impl_->core;
    return settings;
  };
  impl_->gateway = impl_->listen(impl_->options.gateway, settingsFor(LegacyRole::Gateway), "g");
  try {
    impl_->feedback = impl_->listen(impl_->options.feedback, settingsFor(LegacyRole::Feedback), "f");
  } catch (...) {
    impl_->gateway->stop();
    impl_->gateway.reset();
    throw;
  }
}

void FakeApnsLegacy::stop() {
  if (!impl_->gateway) {
    return;
  }
  impl_->gateway->stop();
  impl_->feedback->stop();
  std::map<std::string, std::weak_ptr<LegacyConnection>> connections;
  {
    std::lock_guard lock(impl_->mutex);
    connections.swap(impl_->connections);
  }
  for (auto& [id, weak] : connections) {
    if (auto connection = weak.lock()) {
      connection->close();
    }
  }
  impl_->gateway.reset();
  impl_->feedback.reset();
}

net::HostPort FakeApnsLegacy::gatewayEndpoint() const {
  return impl_->gateway ? impl_->gateway->endpoint() : impl_->options.gateway;
}

net::HostPort FakeApnsLegacy::feedbackEndpoint() const {
  return impl_->feedback ? impl_->feedback->endpoint() : impl_->options.feedback;
}

std::string FakeApnsLegacy::caPem() const { return impl_->authority->caPem(); }

DeviceRegistry& FakeApnsLegacy::devices() { return *impl_->core->devices; }
LegacyFaults& FakeApnsLegacy::faults() { return impl_->core->faults; }
PushLog& FakeApnsLegacy::pushes() { return impl_->core->log; }

void FakeApnsLegacy::addDevice(const std::string& token, const std::string& topic, Environment environment) {
  devices().add(token, topic, environment);
  impl_->core->feedback.track(token);
}

void FakeApnsLegacy::unregisterDevice(const std::string& token, std::chrono::system_clock::time_point since) {
  if (!devices().find(token)) {
    devices().add(token, "", impl_->options.environment);
  }
  devices().unregister(token, since);
  impl_->core->feedback.track(token);
}

void FakeApnsLegacy::trackToken(const std::string& token) { impl_->core->feedback.track(token); }

void FakeApnsLegacy::arm(LegacyFault fault) { impl_->core->faults.arm(std::move(fault)); }

void FakeApnsLegacy::reset() {
  impl_->core->faults.clear();
  impl_->core->log.clear();
  impl_->core->feedback.resetDelivered();
}

}  // namespace oxh::push::apns
