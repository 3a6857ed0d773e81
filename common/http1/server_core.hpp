#pragma once
// Internal to common/http1: what a Server shares with its connections (options, handler, TLS
// context, the registry stop() walks). Sessions hold it by shared_ptr, so a connection still
// finishing after ~Server() touches nothing freed; the journal is not owned and must outlive
// the io_context's threads (tests and fakes declare it first).
// Thread: the registry and counters are guarded; options/handler/tls are immutable after start().
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/http1/server.hpp"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace oxh::net {
class TcpListener;
}  // namespace oxh::net

namespace oxh::http1 {

class ServerSession {
 public:
  virtual ~ServerSession() = default;
  virtual void start() = 0;
  virtual void close() = 0;  // from any thread: posts to the connection's strand
};

struct ServerCore {
  ServerCore(boost::asio::io_context& context, ServerOptions options, Handler handler);

  void journal(std::string kind, std::string connection, std::string summary, nlohmann::json data) const;
  std::string nextConnectionId() { return "c" + std::to_string(++connections_); }
  void track(const std::string& id, const std::shared_ptr<ServerSession>& session);
  void untrack(const std::string& id);
  void closeAll();

  boost::asio::io_context& context;
  const ServerOptions options;
  const Handler handler;
  std::shared_ptr<boost::asio::ssl::context> tls;  // set by start() when options.tls
  std::shared_ptr<net::TcpListener> listener;
  std::atomic<bool> stopped{false};

 private:
  std::atomic<std::uint64_t> connections_{0};
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<ServerSession>> sessions_;
};

// Creates the session for an accepted socket (plain or TLS per core.tls); does not start it.
std::shared_ptr<ServerSession> makeServerSession(const std::shared_ptr<ServerCore>& core,
                                                 boost::asio::ip::tcp::socket socket);

}  // namespace oxh::http1
