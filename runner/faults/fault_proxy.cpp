#include "runner/faults/fault_proxy.hpp"

#include <thread>

#include "common/error/error.hpp"
#include "common/net/tcp_listener.hpp"
#include "runner/faults/app_fault_spec.hpp"
#include "runner/faults/proxy_connection.hpp"

namespace oxh::faults {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// TcpListener::stop() closes the acceptor on its strand, a moment later. Callers of offline()
// and of arm(refuse) expect connects to be refused when the call returns: poll until they are.
void waitUntilRefused(const net::HostPort& address) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < deadline) {
    asio::io_context context;
    tcp::socket socket(context);
    boost::system::error_code ec;
    socket.connect({asio::ip::make_address(address.host, ec), address.port}, ec);
    if (ec == asio::error::connection_refused) {
      return;
    }
    socket.close(ec);
    std::this_thread::yield();
  }
}

}  // namespace

std::string checkProxyOptions(const FaultProxyOptions& options) {
  if (!options.protocol.empty() && options.protocol != "tcp" && options.protocol != "http1" && options.protocol != "h2") {
    return "proxy '" + options.name + "': protocol is tcp, http1 or h2, got '" + options.protocol + "'";
  }
  if (options.protocol == "h2" && !options.tls) {
    return "proxy '" + options.name + "': protocol h2 needs tls: terminate (ALPN h2 on both sides)";
  }
  return "";
}

std::string FaultProxy::checkSupported(const FaultSpec& spec) const {
  const std::string kind(faultKindName(spec.kind));
  if (isTlsFault(spec.kind) && !options_.tls) {
    return "fault '" + kind + "' needs a TLS-terminating proxy ('" + options_.name + "' has no tls: terminate)";
  }
  if (isHttp1Fault(spec.kind) && options_.protocol != "http1") {
    return "fault '" + kind + "' needs a proxy with protocol: http1 ('" + options_.name + "' has " +
           (options_.protocol.empty() ? std::string("none") : options_.protocol) + ")";
  }
  if (isH2Fault(spec.kind) && options_.protocol != "h2") {
    return "fault '" + kind + "' needs a proxy with protocol: h2 ('" + options_.name + "' has " +
           (options_.protocol.empty() ? std::string("none") : options_.protocol) + ")";
  }
  return "";
}

FaultProxy::FaultProxy(asio::io_context& context, FaultProxyOptions options)
    : context_(context), options_(std::move(options)), board_(options_.seed) {}

FaultProxy::~FaultProxy() = default;

void FaultProxy::start() {
  if (const auto problem = checkProxyOptions(options_); !problem.empty()) {
    throw OxhException(Error("oxh.fault.proxy-options", problem));
  }
  if (options_.tls && !tls_) {
    tls_ = std::make_shared<TlsTermination>(*options_.tls);
  }
  std::lock_guard lock(mutex_);
  upstreamEndpoint_ = tcp::endpoint(net::resolveHost(options_.upstream.host), options_.upstream.port);
  listener_ = std::make_shared<net::TcpListener>(
      context_, options_.listen, [weak = weak_from_this()](tcp::socket socket) {
        if (auto self = weak.lock()) {
          self->onAccept(std::move(socket));
        }
      });
  listener_->start();
  bound_ = listener_->endpoint();
  started_ = true;
  journalEntry("proxy.listen", "", options_.name + " listening on " + bound_.str() + " -> " + options_.upstream.str(),
               {{"proxy", options_.name}, {"listen", bound_.str()}, {"upstream", options_.upstream.str()},
                {"seed", options_.seed}});
}

void FaultProxy::stop() {
  std::map<std::uint64_t, std::weak_ptr<ProxyConnection>> connections;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) {
      return;
    }
    stopped_ = true;
    if (listener_) {
      listener_->stop();
      listener_.reset();
    }
    for (auto& timer : expiryTimers_) {
      timer->cancel();
    }
    expiryTimers_.clear();
    connections.swap(connections_);
  }
  for (auto& [id, weak] : connections) {
    if (auto connection = weak.lock()) {
      connection->reset("proxy stopped");
    }
  }
}

net::HostPort FaultProxy::endpoint() const {
  std::lock_guard lock(mutex_);
  return bound_;
}

void FaultProxy::onAccept(tcp::socket socket) {
  std::shared_ptr<ProxyConnection> connection;
  {
    std::lock_guard lock(mutex_);
    if (stopped_ || offline_ || board_.refusing(Clock::now())) {
      // Accepted in the instant before the listener closed: as good as refused.
      boost::system::error_code ignored;
      socket.set_option(asio::socket_base::linger(true, 0), ignored);
      socket.close(ignored);
      return;
    }
    const auto id = nextConnection_++;
    connection = std::make_shared<ProxyConnection>(shared_from_this(), id, std::move(socket));
    connections_[id] = connection;
  }
  asio::post(connection->executor(), [connection] { connection->start(); });
}

void FaultProxy::syncListenerLocked() {
  if (stopped_ || !started_) {
    return;
  }
  const bool wantOpen = !offline_ && !board_.refusing(Clock::now());
  if (wantOpen && !listener_) {
    // The same port again, so clients configured with it reconnect.
    listener_ = std::make_shared<net::TcpListener>(context_, bound_, [weak = weak_from_this()](tcp::socket socket) {
      if (auto self = weak.lock()) {
        self->onAccept(std::move(socket));
      }
    });
    try {
      listener_->start();
    } catch (const OxhException& error) {
      listener_.reset();
      journalEntry("proxy.error", "", "cannot listen again on " + bound_.str() + ": " + error.error().message(),
                   {{"proxy", options_.name}, {"error", error.error().message()}});
    }
  } else if (!wantOpen && listener_) {
    listener_->stop();
    listener_.reset();
  }
}

void FaultProxy::scheduleExpiry(const FaultSpec& spec) {
  // Only `refuse` changes the listener; other faults expire lazily as connections ask.
  if (spec.kind != FaultKind::kRefuse || !spec.duration) {
    return;
  }
  auto timer = std::make_shared<asio::steady_timer>(context_, *spec.duration);
  expiryTimers_.push_back(timer);
  timer->async_wait([weak = weak_from_this(), name = options_.name](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self) {
      return;
    }
    std::lock_guard lock(self->mutex_);
    self->syncListenerLocked();
    self->journalEntry("fault.expired", "", "refuse expired on " + name, {{"proxy", name}, {"fault", "refuse"}});
  });
}

std::uint64_t FaultProxy::arm(const FaultSpec& spec) {
  if (const auto problem = checkSupported(spec); !problem.empty()) {
    throw OxhException(Error("oxh.fault.unsupported", problem));
  }
  const auto id = armLocked(spec);
  if (spec.kind == FaultKind::kRefuse) {
    waitUntilRefused(endpoint());
  }
  return id;
}

std::uint64_t FaultProxy::armLocked(const FaultSpec& spec) {
  std::lock_guard lock(mutex_);
  const auto id = board_.arm(spec, Clock::now());
  journalEntry("fault.armed", "", options_.name + ": " + describe(spec),
               {{"proxy", options_.name}, {"id", id}, {"fault", faultKindName(spec.kind)},
                {"direction", directionName(spec.direction)}, {"description", describe(spec)}});
  if (isTlsFault(spec.kind)) {
    // Like a fake told to misbehave in TLS: every report says the run met a weakened server.
    journalEntry("tls.insecure", "", "INSECURE on purpose: " + options_.name + " " + describe(spec),
                 {{"proxy", options_.name},
                  {"findings", nlohmann::json::array({{{"id", "oxh.tls.insecure"},
                                                       {"message", "the fault proxy '" + options_.name +
                                                                       "' misbehaves in TLS on purpose: " + describe(spec)}}})}});
  }
  if (spec.kind == FaultKind::kRefuse) {
    syncListenerLocked();
    journalEntry("fault.applied", "", options_.name + ": refuse: listener closed",
                 {{"proxy", options_.name}, {"id", id}, {"fault", "refuse"}, {"detail", "listener closed"}});
    scheduleExpiry(spec);
  }
  return id;
}

std::size_t FaultProxy::clear() {
  std::lock_guard lock(mutex_);
  const auto count = board_.clear();
  journalEntry("fault.cleared", "", options_.name + ": " + std::to_string(count) + " fault(s) cleared",
               {{"proxy", options_.name}, {"count", count}});
  syncListenerLocked();
  return count;
}

void FaultProxy::offline() {
  std::map<std::uint64_t, std::weak_ptr<ProxyConnection>> connections;
  {
    std::lock_guard lock(mutex_);
    offline_ = true;
    syncListenerLocked();
    connections = connections_;
    journalEntry("network.offline", "", options_.name + " offline: refusing, resetting " +
                                            std::to_string(connections.size()) + " connection(s)",
                 {{"proxy", options_.name}, {"connections", connections.size()}});
  }
  for (auto& [id, weak] : connections) {
    if (auto connection = weak.lock()) {
      connection->reset("offline");
    }
  }
  waitUntilRefused(endpoint());
}

void FaultProxy::online() {
  std::lock_guard lock(mutex_);
  offline_ = false;
  syncListenerLocked();
  journalEntry("network.online", "", options_.name + " online" + (listener_ ? "" : " (a refuse fault still holds)"),
               {{"proxy", options_.name}, {"listening", listener_ != nullptr}});
}

bool FaultProxy::isOffline() const {
  std::lock_guard lock(mutex_);
  return offline_;
}

nlohmann::json FaultProxy::state() const {
  std::lock_guard lock(mutex_);
  nlohmann::json faults = nlohmann::json::array();
  for (const auto& fault : board_.armed()) {
    faults.push_back({{"id", fault.id}, {"fault", faultKindName(fault.spec.kind)}, {"description", describe(fault.spec)}});
  }
  return {{"name", options_.name},       {"listen", bound_.str()},          {"upstream", options_.upstream.str()},
          {"offline", offline_},         {"listening", listener_ != nullptr}, {"faults", faults},
          {"connections", connections_.size()}, {"seed", options_.seed}, {"tls", tls_ != nullptr},
          {"protocol", options_.protocol.empty() ? "tcp" : options_.protocol}};
}

void FaultProxy::journalEntry(const std::string& kind, const std::string& connection, const std::string& summary,
                              nlohmann::json data) const {
  if (options_.journal == nullptr) {
    return;
  }
  journal::Entry entry;
  entry.component = "fault";
  entry.kind = kind;
  entry.connection = connection;
  entry.summary = summary;
  entry.data = std::move(data);
  options_.journal->append(std::move(entry));
}

void FaultProxy::forget(std::uint64_t connection) {
  std::lock_guard lock(mutex_);
  connections_.erase(connection);
}

}  // namespace oxh::faults
