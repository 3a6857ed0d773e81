#include "mock_facade/fake_facade.hpp"

#include "common/http1/server.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_facade/ajax/ajax_dispatcher.hpp"
#include "mock_facade/ajax/facade_context.hpp"
#include "mock_facade/ajax/facade_modules.hpp"

namespace oxh::facade {

struct FakeFacade::Impl {
  explicit Impl(FakeFacadeOptions given)
      : options(std::move(given)),
        ownJournal(options.journal ? nullptr : std::make_unique<journal::Journal>("facade")),
        journal(options.journal ? *options.journal : *ownJournal),
        mail(journal, options.imap, options.imapTls),
        context{journal, options.users, sessions, mail, options.lmtp, options.localDomain},
        dispatcher(journal, options.users, sessions, options.bodyLimit),
        io(std::max(1U, options.httpThreads)) {}

  FakeFacadeOptions options;
  std::unique_ptr<journal::Journal> ownJournal;
  journal::Journal& journal;
  SessionStore sessions;
  MailBackend mail;
  FacadeContext context;
  AjaxDispatcher dispatcher;
  http1::Router router;
  net::IoRuntime io;
  std::unique_ptr<http1::Server> server;
};

FakeFacade::FakeFacade(FakeFacadeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  registerLoginActions(impl_->dispatcher, impl_->context);
  registerFolderActions(impl_->dispatcher, impl_->context);
  registerMailReadActions(impl_->dispatcher, impl_->context);
  registerMailGetActions(impl_->dispatcher, impl_->context);
  registerMailWriteActions(impl_->dispatcher, impl_->context);
  registerMailNewAction(impl_->dispatcher, impl_->context);
  registerConfigActions(impl_->dispatcher, impl_->context);
  registerAppsActions(impl_->dispatcher, impl_->options.serverVersion);
  for (const char* method : {"GET", "POST", "PUT", "DELETE"}) {
    impl_->router.add(method, "/ajax/*", [this](const http1::Request& request) { return impl_->dispatcher.handle(request); });
  }
}

FakeFacade::~FakeFacade() { stop(); }

void FakeFacade::registerAction(const std::string& module, const std::string& action, AjaxAction handler,
                                bool needsSession) {
  impl_->dispatcher.registerAction(module, action, std::move(handler), needsSession);
}

void FakeFacade::start() {
  for (const auto& user : impl_->options.users) {
    const auto mode = flaggingMode(user);
    if (flagging::supportedByMailApp(mode)) {
      continue;
    }
    journal::Entry entry;
    entry.component = "facade";
    entry.kind = "finding";
    entry.summary = "user " + user.login + " has flagging mode " + std::string(flagging::modeName(mode)) +
                    ", unsupported by OX Mail app";
    // "findings" is where the runner collects findings for its reports.
    entry.data = {{"user", user.login},
                  {"mode", flagging::modeName(mode)},
                  {"findings", nlohmann::json::array({{{"id", "oxh.facade.flagging-unsupported"},
                                                       {"message", entry.summary + " (it supports flaggedOnly and flaggedImplicit)"}}})}};
    impl_->journal.append(std::move(entry));
  }
  http1::ServerOptions serverOptions;
  serverOptions.listen = impl_->options.listen;
  serverOptions.component = "facade.http";
  serverOptions.journal = &impl_->journal;
  // The transport accepts more than the facade's limit, so an oversized body still gets
  // App Suite's envelope (the dispatcher's check) instead of a bare 413.
  serverOptions.bodyLimit = impl_->options.bodyLimit * 4 + 1024 * 1024;
  serverOptions.tls = impl_->options.tls;
  serverOptions.authority = impl_->options.authority;
  if (serverOptions.tls) {
    const auto& o = impl_->options;
    if (!o.tlsMinVersion.empty()) {
      auto weakened = std::make_shared<tls::TlsPolicy>(*o.tls);
      weakened->minVersion = o.tlsMinVersion;
      weakened->ciphers = "DEFAULT:@SECLEVEL=0";  // OpenSSL 3 refuses TLS 1.0/1.1 at level 1 whatever the floor says
      weakened->insecure = true;
      serverOptions.tls = weakened;
    }
    if (o.tlsExpiredCertificate) {
      serverOptions.tlsLeaf = tls::expiredLeafOptions();
    }
    if (!o.tlsHostNames.empty()) {
      serverOptions.tlsHostNames = o.tlsHostNames;
    }
  }
  if (serverOptions.tls && !serverOptions.authority) {
    serverOptions.authority = std::make_shared<tls::CertificateAuthority>();
  }
  impl_->server = std::make_unique<http1::Server>(impl_->io.context(), serverOptions, impl_->router.handler());
  impl_->server->start();
}

void FakeFacade::stop() {
  if (impl_->server) {
    impl_->server->stop();
  }
  impl_->mail.reset();
}

void FakeFacade::reset() {
  impl_->sessions.clear();
  impl_->mail.reset();
}

net::HostPort FakeFacade::endpoint() const { return impl_->server->endpoint(); }

std::string FakeFacade::url() const {
  return std::string(impl_->server->secure() ? "https://" : "http://") + endpoint().str();
}

const std::vector<FacadeUser>& FakeFacade::users() const { return impl_->options.users; }

journal::Journal& FakeFacade::journal() { return impl_->journal; }

}  // namespace oxh::facade
