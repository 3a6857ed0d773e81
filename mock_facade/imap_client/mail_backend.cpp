#include "mock_facade/imap_client/mail_backend.hpp"

namespace oxh::facade {

MailBackend::MailBackend(journal::Journal& journal, net::HostPort imap, clients::imap::TlsMode tls)
    : journal_(journal), imap_(std::move(imap)), tls_(tls) {}

MailBackend::~MailBackend() {
  reset();
  io_.stop();
}

ImapAccount& MailBackend::account(const FacadeUser& user) {
  std::lock_guard lock(mutex_);
  auto& slot = accounts_[user.login];
  if (!slot) {
    ImapAccountOptions options;
    options.server = imap_;
    options.tls = tls_;
    options.login = user.imapLogin.empty() ? user.login : user.imapLogin;
    options.password = user.imapPassword.empty() ? user.password : user.imapPassword;
    options.name = "facade." + user.login;
    slot = std::make_unique<ImapAccount>(io_.context(), journal_, options);
  }
  return *slot;
}

void MailBackend::reset() {
  std::lock_guard lock(mutex_);
  for (auto& [login, account] : accounts_) {
    auto guard = account->lock();
    account->close();
  }
  accounts_.clear();
}

}  // namespace oxh::facade
