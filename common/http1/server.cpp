#include "common/http1/server.hpp"

#include <boost/asio/ssl/context.hpp>

#include "common/http1/server_core.hpp"
#include "common/net/tcp_listener.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"

namespace oxh::http1 {

ServerCore::ServerCore(boost::asio::io_context& io, ServerOptions opts, Handler h)
    : context(io), options(std::move(opts)), handler(std::move(h)) {}

void ServerCore::journal(std::string kind, std::string connection, std::string summary, nlohmann::json data) const {
  if (options.journal == nullptr) {
    return;
  }
  journal::Entry entry;
  entry.component = options.component;
  entry.kind = std::move(kind);
  entry.connection = std::move(connection);
  entry.summary = std::move(summary);
  entry.data = std::move(data);
  options.journal->append(std::move(entry));
}

void ServerCore::track(const std::string& id, const std::shared_ptr<ServerSession>& session) {
  std::lock_guard lock(mutex_);
  sessions_[id] = session;
}

void ServerCore::untrack(const std::string& id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

void ServerCore::closeAll() {
  std::map<std::string, std::weak_ptr<ServerSession>> sessions;
  {
    std::lock_guard lock(mutex_);
    sessions.swap(sessions_);
  }
  for (auto& [id, weak] : sessions) {
    if (auto session = weak.lock()) {
      session->close();
    }
  }
}

struct Server::Impl : ServerCore {
  using ServerCore::ServerCore;
};

Server::Server(boost::asio::io_context& context, ServerOptions options, Handler handler)
    : impl_(std::make_shared<Impl>(context, std::move(options), std::move(handler))) {}

Server::~Server() { stop(); }

void Server::start() {
  if (impl_->listener) {
    return;
  }
  if (impl_->options.tls) {
    auto authority = impl_->options.authority;
    if (!authority) {
      // No CA given: a private one still lets clients that do not verify (or pin) connect.
      authority = std::make_shared<tls::CertificateAuthority>();
    }
    const auto leaf = authority->issue(impl_->options.tlsHostNames, impl_->options.tlsLeaf);
    impl_->tls = tls::makeServerContext(*impl_->options.tls, leaf.certPem, leaf.keyPem);
  }
  std::weak_ptr<ServerCore> weak = impl_;
  impl_->listener = std::make_shared<net::TcpListener>(impl_->context, impl_->options.listen,
                                                       [weak](boost::asio::ip::tcp::socket socket) {
                                                         auto core = weak.lock();
                                                         if (!core || core->stopped) {
                                                           return;  // the socket closes as it goes out of scope
                                                         }
                                                         auto session = makeServerSession(core, std::move(socket));
                                                         session->start();
                                                       });
  impl_->listener->start();
}

void Server::stop() {
  if (impl_->stopped.exchange(true)) {
    return;
  }
  if (impl_->listener) {
    impl_->listener->stop();
  }
  impl_->closeAll();
}

net::HostPort Server::endpoint() const { return impl_->listener ? impl_->listener->endpoint() : impl_->options.listen; }

bool Server::secure() const { return impl_->options.tls != nullptr; }

}  // namespace oxh::http1
