#pragma once
// The fake Dovecot's LMTP listener: LmtpProtocol per connection, deliveries (store + push
// notifications, which block) run on the server's own worker threads, and a recipient's
// "250 ... Saved" goes out only when its delivery finished, as Dovecot does.
// Journal: component "dovecot.lmtp": "connection.open"/"connection.close", "lmtp.command" (C:),
// "lmtp.reply" (S:), "lmtp.delivery".
// Thread: start()/stop() from the owner; sessions run on the io_context with a strand each.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "mock_dovecot/lmtp/lmtp_protocol.hpp"

namespace oxh::dovecot::lmtp {

// Delivers one finished transaction; returns one reply line per recipient, in order.
using DeliverFunction = std::function<std::vector<std::string>(const Transaction& transaction, const LmtpProtocol& protocol)>;

struct LmtpServerOptions {
  net::HostPort listen{"127.0.0.1", 0};
  std::string hostname;  // empty: this machine's host name, as Dovecot uses
  journal::Journal* journal = nullptr;
  std::function<bool(const std::string& user)> userExists;
  DeliverFunction deliver;
  std::uint64_t seed = 0;  // session ids
  unsigned deliveryThreads = 2;
};

class LmtpServer {
 public:
  LmtpServer(boost::asio::io_context& context, LmtpServerOptions options);
  ~LmtpServer();
  LmtpServer(const LmtpServer&) = delete;
  LmtpServer& operator=(const LmtpServer&) = delete;

  void start();  // throws OxhException [oxh.net.listen]
  void stop();
  [[nodiscard]] net::HostPort endpoint() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// This machine's host name (what Dovecot puts in its greeting and Received header).
std::string localHostName();

}  // namespace oxh::dovecot::lmtp
