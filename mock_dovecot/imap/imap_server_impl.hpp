#pragma once
// Internals shared by imap_server.cpp and imap_connection.cpp.
#include <boost/asio/ssl/context.hpp>
#include <map>
#include <mutex>

#include "common/net/tcp_listener.hpp"
#include "mock_dovecot/imap/capabilities.hpp"
#include "mock_dovecot/imap/cidr.hpp"
#include "mock_dovecot/imap/imap_faults.hpp"
#include "mock_dovecot/imap/imap_server.hpp"

namespace oxh::dovecot::imap {

class ImapConnection;

struct ImapServer::Impl : std::enable_shared_from_this<ImapServer::Impl> {
  Impl(boost::asio::io_context& contextIn, MailStore& storeIn, ImapServerOptions optionsIn);

  void record(const std::string& connection, const std::string& kind, const std::string& summary,
              nlohmann::json data = {}) const;
  void track(std::uint64_t id, const std::shared_ptr<ImapConnection>& connection);
  void untrack(std::uint64_t id);
  std::vector<std::shared_ptr<ImapConnection>> live();

  boost::asio::io_context& context;
  MailStore& store;
  ImapServerOptions options;
  CapabilityProfile ownProfile;  // the named profile with the capability toggles applied
  const CapabilityProfile* profile;
  CidrSet metadataNetworks;
  std::shared_ptr<boost::asio::ssl::context> tls;
  std::shared_ptr<net::TcpListener> plain;
  std::shared_ptr<net::TcpListener> implicit;
  std::optional<std::uint64_t> storeSubscription;
  ImapFaults faults;
  std::mutex mutex;
  std::map<std::uint64_t, std::weak_ptr<ImapConnection>> connections;
  std::uint64_t nextId = 1;
  bool stopped = false;
};

}  // namespace oxh::dovecot::imap
