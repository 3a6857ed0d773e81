#pragma once
// One user's IMAP connection from the fake middleware to the topology's IMAP server (fake or
// real Dovecot), as App Suite keeps one per session: LOGIN on first use, SELECT tracked, and a
// reconnect (once per command) when the server hung up (BYE, closed socket).
// The connection runs on the io_context given at construction, which must NOT be the thread
// that calls run(): ImapClient::command() blocks its caller until the answer arrives there.
// Journal: the client's own entries (component "runner.imap", connection "facade.<login>.<n>").
// Thread: callers take lock() around a sequence of commands; run() requires the lock.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <mutex>
#include <string>

#include "common/clients/imap_client.hpp"
#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"

namespace oxh::facade {

struct ImapAccountOptions {
  net::HostPort server;
  clients::imap::TlsMode tls = clients::imap::TlsMode::None;
  std::string login;
  std::string password;
  std::string name;  // journal connection prefix, e.g. "facade.alice"
};

class ImapAccount {
 public:
  ImapAccount(boost::asio::io_context& context, journal::Journal& journal, ImapAccountOptions options);
  ~ImapAccount();

  [[nodiscard]] std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }

  // Sends the command and returns its result; throws AjaxError (MSG-1000) when the server cannot
  // be reached or logged into, or does not answer in time. NO/BAD are returned, not thrown.
  clients::imap::CommandResult run(const std::string& text);
  // SELECT `mailbox` unless it is selected; AjaxError MSG-0066 (folder id `folderId`) on NO.
  void select(const std::string& mailbox, const std::string& folderId);
  // Forgets the selection (after a DELETE/RENAME of the selected mailbox, say).
  void unselect() { selected_.clear(); }
  void close();

 private:
  void connect();

  boost::asio::io_context& context_;
  journal::Journal& journal_;
  ImapAccountOptions options_;
  std::mutex mutex_;
  std::shared_ptr<clients::imap::ImapClient> client_;
  std::string selected_;
  unsigned connections_ = 0;
};

// An IMAP string: a quoted string when it can be one, else a literal (RFC 3501 section 4.3).
std::string imapString(const std::string& text);

}  // namespace oxh::facade
