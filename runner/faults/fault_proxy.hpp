#pragma once
// The fault proxy: a TCP proxy a scenario (or `oxharness proxy`) places in front of any
// endpoint, a fake or a real build. Clean by default; armed faults (fault_spec.hpp) act on
// the bytes as they pass, per direction, and every fault that acts is journaled under the
// component "fault" (kinds fault.armed, fault.cleared, fault.applied, network.offline,
// network.online, proxy.open, proxy.close; connection "<name>#<n>").
//
// Offline: the listener is closed (connects are refused) and every open connection is reset.
// The `refuse` fault closes the listener too; it reopens on the same port when the fault is
// cleared or expires, unless the proxy is offline.
// Ownership: create with std::make_shared; stop() before the io_context goes away.
// Thread: every public member may be called from any thread; offline() and arm(refuse) block
// (briefly) until connects are refused, so they must not be called on the io_context's threads.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "runner/faults/fault_schedule.hpp"
#include "runner/faults/tls_termination.hpp"

namespace oxh::net {
class TcpListener;
}

namespace oxh::faults {

class ProxyConnection;

struct FaultProxyOptions {
  std::string name = "proxy";
  net::HostPort listen{"127.0.0.1", 0};
  net::HostPort upstream;
  std::uint64_t seed = 0;
  journal::Journal* journal = nullptr;  // not owned; must outlive the proxy
  // `tls: terminate` (tls_termination.hpp): TLS toward the client, TLS or plain upstream.
  std::optional<TlsTerminationOptions> tls;
  // "" (bytes only), "http1" or "h2" (protocol_filter.hpp); h2 needs `tls`.
  std::string protocol;
};

// "" when `options` can work; otherwise why not (h2 without TLS, an unknown protocol).
[[nodiscard]] std::string checkProxyOptions(const FaultProxyOptions& options);

class FaultProxy : public std::enable_shared_from_this<FaultProxy> {
 public:
  FaultProxy(boost::asio::io_context& context, FaultProxyOptions options);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // Binds (so endpoint() is known when this returns); throws OxhException [oxh.net.listen].
  void start();
  // Closes the listener and resets every connection. Idempotent.
  void stop();
  [[nodiscard]] net::HostPort endpoint() const;
  [[nodiscard]] const FaultProxyOptions& options() const { return options_; }

  // "" when this proxy can apply `spec`; otherwise why not (a TLS fault without `tls: terminate`,
  // an HTTP fault without the matching `protocol`).
  [[nodiscard]] std::string checkSupported(const FaultSpec& spec) const;
  // Throws OxhException [oxh.fault.unsupported] when checkSupported() says no.
  std::uint64_t arm(const FaultSpec& spec);
  std::size_t clear();
  void offline();
  void online();
  [[nodiscard]] bool isOffline() const;
  // {"name", "listen", "upstream", "offline", "listening", "faults": [...], "connections": n}
  [[nodiscard]] nlohmann::json state() const;

  // For ProxyConnection.
  FaultBoard& board() { return board_; }
  [[nodiscard]] const boost::asio::ip::tcp::endpoint& upstreamEndpoint() const { return upstreamEndpoint_; }
  void journalEntry(const std::string& kind, const std::string& connection, const std::string& summary,
                    nlohmann::json data) const;
  void forget(std::uint64_t connection);
  // Null unless `tls: terminate`.
  [[nodiscard]] const std::shared_ptr<TlsTermination>& tlsTermination() const { return tls_; }

 private:
  void onAccept(boost::asio::ip::tcp::socket socket);
  // Opens or closes the listener to match offline_ and the refuse faults. Caller holds mutex_.
  void syncListenerLocked();
  void scheduleExpiry(const FaultSpec& spec);
  std::uint64_t armLocked(const FaultSpec& spec);

  boost::asio::io_context& context_;
  FaultProxyOptions options_;
  FaultBoard board_;
  mutable std::mutex mutex_;
  std::shared_ptr<net::TcpListener> listener_;
  net::HostPort bound_;
  boost::asio::ip::tcp::endpoint upstreamEndpoint_;
  bool started_ = false;
  bool stopped_ = false;
  bool offline_ = false;
  std::uint64_t nextConnection_ = 1;
  std::map<std::uint64_t, std::weak_ptr<ProxyConnection>> connections_;
  std::vector<std::shared_ptr<boost::asio::steady_timer>> expiryTimers_;
  std::shared_ptr<TlsTermination> tls_;
};

}  // namespace oxh::faults
