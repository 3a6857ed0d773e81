#include "mock_dovecot/imap/imap_server.hpp"

#include "common/error/error.hpp"
#include "common/tls/certificate_authority.hpp"
#include "mock_dovecot/imap/imap_connection.hpp"

namespace oxh::dovecot::imap {

namespace {

const CapabilityProfile* requireProfile(const std::string& name) {
  const CapabilityProfile* profile = findCapabilityProfile(name);
  if (profile == nullptr) {
    throw OxhException(Error("oxh.dovecot.profile", "unknown IMAP capability profile '" + name +
                                                         "' (known: dovecot-2.3, minimal-rev1)"));
  }
  return profile;
}

}  // namespace

ImapServer::Impl::Impl(boost::asio::io_context& contextIn, MailStore& storeIn, ImapServerOptions optionsIn)
    : context(contextIn),
      store(storeIn),
      options(std::move(optionsIn)),
      ownProfile(applyCapabilityToggles(*requireProfile(options.profile), options.capabilityToggles)),
      profile(&ownProfile),
      metadataNetworks(options.metadataNetworks) {
  if (options.authority) {
    const auto leaf = options.authority->issue(options.tlsHostNames, options.tlsLeaf);
    tls = tls::makeServerContext(options.tls, leaf.certPem, leaf.keyPem);
  } else if (options.listenImaps) {
    throw OxhException(Error("oxh.dovecot.tls", "an imaps listener needs a certificate authority"));
  }
}

void ImapServer::Impl::record(const std::string& connection, const std::string& kind, const std::string& summary,
                              nlohmann::json data) const {
  if (options.journal == nullptr) {
    return;
  }
  journal::Entry entry;
  entry.component = "dovecot.imap";
  entry.connection = connection;
  entry.kind = kind;
  entry.summary = summary;
  entry.data = std::move(data);
  options.journal->append(std::move(entry));
}

void ImapServer::Impl::track(std::uint64_t id, const std::shared_ptr<ImapConnection>& connection) {
  std::lock_guard lock(mutex);
  connections[id] = connection;
}

void ImapServer::Impl::untrack(std::uint64_t id) {
  std::lock_guard lock(mutex);
  connections.erase(id);
}

std::vector<std::shared_ptr<ImapConnection>> ImapServer::Impl::live() {
  std::lock_guard lock(mutex);
  std::vector<std::shared_ptr<ImapConnection>> out;
  for (const auto& [id, weak] : connections) {
    if (auto connection = weak.lock()) {
      out.push_back(std::move(connection));
    }
  }
  return out;
}

ImapServer::ImapServer(boost::asio::io_context& context, MailStore& store, ImapServerOptions options)
    : impl_(std::make_shared<Impl>(context, store, std::move(options))) {}

ImapServer::~ImapServer() { stop(); }

void ImapServer::start() {
  std::weak_ptr<Impl> weak = impl_;
  impl_->storeSubscription = impl_->store.subscribe([weak](const std::string& login, const std::string& mailbox) {
    if (auto impl = weak.lock()) {
      for (const auto& connection : impl->live()) {
        connection->storeChanged(login, mailbox);
      }
    }
  });
  auto accept = [weak](bool implicitTls) {
    return [weak, implicitTls](boost::asio::ip::tcp::socket socket) {
      auto impl = weak.lock();
      if (!impl) {
        return;
      }
      std::uint64_t id = 0;
      {
        std::lock_guard lock(impl->mutex);
        if (impl->stopped) {
          return;
        }
        id = impl->nextId++;
      }
      auto connection = std::make_shared<ImapConnection>(impl, std::move(socket), id, implicitTls);
      impl->track(id, connection);
      connection->start();
    };
  };
  impl_->plain = std::make_shared<net::TcpListener>(impl_->context, impl_->options.listen, accept(false));
  impl_->plain->start();
  if (impl_->options.listenImaps) {
    impl_->implicit = std::make_shared<net::TcpListener>(impl_->context, *impl_->options.listenImaps, accept(true));
    impl_->implicit->start();
  }
}

void ImapServer::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopped = true;
  }
  if (impl_->storeSubscription) {
    impl_->store.unsubscribe(*impl_->storeSubscription);
    impl_->storeSubscription.reset();
  }
  if (impl_->plain) {
    impl_->plain->stop();
  }
  if (impl_->implicit) {
    impl_->implicit->stop();
  }
  for (const auto& connection : impl_->live()) {
    connection->close("server stopped");
  }
}

void ImapServer::arm(ImapFault fault) {
  if (fault.action == ImapFault::Action::kBye) {
    auto claimed = std::make_shared<std::atomic<bool>>(false);
    for (const auto& connection : impl_->live()) {
      connection->applyBye(fault, claimed);
    }
    return;
  }
  impl_->faults.arm(fault);
  if (fault.action == ImapFault::Action::kDropIdle) {
    for (const auto& connection : impl_->live()) {
      connection->dropIfIdling();
    }
  }
}

std::vector<ImapFault> ImapServer::armedFaults() const { return impl_->faults.armed(); }

void ImapServer::clearFaults() { impl_->faults.clear(); }

net::HostPort ImapServer::endpoint() const { return impl_->plain ? impl_->plain->endpoint() : impl_->options.listen; }

net::HostPort ImapServer::imapsEndpoint() const {
  return impl_->implicit ? impl_->implicit->endpoint() : net::HostPort{};
}

}  // namespace oxh::dovecot::imap
