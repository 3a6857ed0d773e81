#pragma once
// The fake middleware's IMAP side: one ImapAccount per user, created on first use, all on one
// io_context thread of their own (so the HTTP handlers that wait on them never block it).
// Thread: account() from any thread; reset() when no request is running.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_facade/ajax/ajax_call.hpp"
#include "mock_facade/imap_client/imap_account.hpp"

namespace oxh::facade {

class MailBackend {
 public:
  MailBackend(journal::Journal& journal, net::HostPort imap, clients::imap::TlsMode tls);
  ~MailBackend();

  ImapAccount& account(const FacadeUser& user);
  [[nodiscard]] const net::HostPort& server() const { return imap_; }
  void reset();  // closes every connection

 private:
  journal::Journal& journal_;
  net::HostPort imap_;
  clients::imap::TlsMode tls_;
  net::IoRuntime io_{1};
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<ImapAccount>> accounts_;
};

}  // namespace oxh::facade
