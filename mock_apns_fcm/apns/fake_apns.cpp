#include "mock_apns_fcm/apns/fake_apns.hpp"

#include <openssl/ssl.h>

#include <atomic>
#include <map>
#include <mutex>

#include "common/net/tcp_listener.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_apns_fcm/apns/apns_connection.hpp"

namespace oxh::push::apns {

namespace {

// Shared with the connections (through ApnsConnectionSettings::owner), so a connection whose
// last handler runs after FakeApns is gone still finds its service.
struct Core {
  Core(const FakeApnsOptions& options)
      : log("apns", options.journal),
        service(options.validation, devices, keys, faults, log,
                options.clock ? options.clock : SystemClock([] { return std::chrono::system_clock::now(); })) {}
  DeviceRegistry devices;
  ProviderKeys keys;
  FaultOverrides faults;
  PushLog log;
  ApnsService service;
};

}  // namespace

struct FakeApns::Impl {
  Impl(boost::asio::io_context& io, FakeApnsOptions opts)
      : context(io), options(std::move(opts)), core(std::make_shared<Core>(options)) {}

  boost::asio::io_context& context;
  FakeApnsOptions options;
  std::shared_ptr<Core> core;
  std::shared_ptr<tls::CertificateAuthority> authority;
  std::shared_ptr<net::TcpListener> listener;
  std::shared_ptr<const ApnsConnectionSettings> settings;
  std::mutex mutex;
  std::map<std::string, std::weak_ptr<ApnsConnection>> connections;
  std::atomic<std::uint64_t> nextConnection{1};
};

FakeApns::FakeApns(boost::asio::io_context& context, FakeApnsOptions options)
    : impl_(std::make_unique<Impl>(context, std::move(options))) {
  impl_->authority = impl_->options.authority ? impl_->options.authority
                                              : std::make_shared<tls::CertificateAuthority>("oxharness fake APNs CA");
}

FakeApns::~FakeApns() { stop(); }

void FakeApns::start() {
  if (impl_->listener) {
    return;
  }
  tls::TlsPolicy policy;
  policy.minVersion = impl_->options.minTlsVersion;
  if (tls::parseTlsVersion(policy.minVersion) < TLS1_2_VERSION) {
    policy.ciphers = "DEFAULT:@SECLEVEL=0";  // OpenSSL 3 refuses TLS 1.0/1.1 at level 1 whatever the floor says
    policy.insecure = true;
  }
  policy.alpn = {"h2"};  // [A1]: HTTP/2 only
  policy.clientCerts = tls::TlsPolicy::ClientCertMode::Request;
  policy.clientCaPem = impl_->options.clientCaPem;
  const auto leaf = impl_->authority->issue(impl_->options.hostNames, impl_->options.leaf);

  auto settings = std::make_shared<ApnsConnectionSettings>();
  settings->service = &impl_->core->service;
  settings->journal = impl_->options.journal;
  settings->tls = tls::makeServerContext(policy, leaf.certPem, leaf.keyPem);
  settings->gateStreamsUntilToken = impl_->options.gateStreamsUntilToken;
  settings->maxHeaderBytes = impl_->options.maxHeaderBytes;
  settings->owner = impl_->core;
  impl_->settings = settings;

  Impl* impl = impl_.get();
  impl_->listener = std::make_shared<net::TcpListener>(
      impl_->context, impl_->options.listen, [impl, settings](boost::asio::ip::tcp::socket socket) {
        const auto id = "a" + std::to_string(impl->nextConnection++);
        auto connection = std::make_shared<ApnsConnection>(std::move(socket), id, settings);
        {
          std::lock_guard lock(impl->mutex);
          for (auto it = impl->connections.begin(); it != impl->connections.end();) {
            it = it->second.expired() ? impl->connections.erase(it) : std::next(it);
          }
          impl->connections[id] = connection;
        }
        connection->start();
      });
  impl_->listener->start();
}

void FakeApns::stop() {
  if (!impl_->listener) {
    return;
  }
  impl_->listener->stop();
  std::map<std::string, std::weak_ptr<ApnsConnection>> connections;
  {
    std::lock_guard lock(impl_->mutex);
    connections.swap(impl_->connections);
  }
  for (auto& [id, weak] : connections) {
    if (auto connection = weak.lock()) {
      connection->close();
    }
  }
  impl_->listener.reset();
}

net::HostPort FakeApns::endpoint() const {
  return impl_->listener ? impl_->listener->endpoint() : impl_->options.listen;
}

std::string FakeApns::caPem() const { return impl_->authority->caPem(); }

DeviceRegistry& FakeApns::devices() { return impl_->core->devices; }
ProviderKeys& FakeApns::keys() { return impl_->core->keys; }
FaultOverrides& FakeApns::faults() { return impl_->core->faults; }
PushLog& FakeApns::pushes() { return impl_->core->log; }

void FakeApns::addDevice(const std::string& token, const std::string& topic, Environment environment) {
  impl_->core->devices.add(token, topic, environment);
}

void FakeApns::unregisterDevice(const std::string& token, std::chrono::system_clock::time_point since) {
  impl_->core->devices.unregister(token, since);
}

void FakeApns::addKey(ProviderKey key) { impl_->core->keys.add(std::move(key)); }

void FakeApns::arm(FaultOverride fault) { impl_->core->faults.arm(std::move(fault)); }

void FakeApns::setRateLimit(RateLimit limit) { impl_->core->service.rateLimiter().setLimit(limit); }

void FakeApns::reset() {
  impl_->core->service.rateLimiter().clear();
  impl_->core->faults.clear();
  impl_->core->log.clear();
}

}  // namespace oxh::push::apns
