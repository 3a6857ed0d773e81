// `oxharness serve`: the fake stack for a person or a foreign test suite. Prints every
// endpoint, writes --ready-file only once every listener has accepted a connection, serves
// the control plane, and runs until SIGINT or SIGTERM.
#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "common/control/control_plane.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_apns_fcm/push_fakes.hpp"
#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_facade/fake_facade.hpp"
#include "mock_facade/notify/notify_receiver.hpp"
#include "runner/cli/commands.hpp"
#include "runner/cli/process_support.hpp"
#include "runner/cli/serve_config.hpp"
#include "runner/cli/serve_mobile.hpp"
#include "runner/cli/serve_pns.hpp"
#include "runner/topology/pns_relay.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner::cli {

namespace {

// A listener is ready when a TCP connection to it completes (not merely when bind returned).
bool accepts(const net::HostPort& endpoint) {
  boost::asio::io_context context;
  boost::asio::ip::tcp::socket socket(context);
  boost::system::error_code ec;
  socket.connect({boost::asio::ip::make_address(endpoint.host, ec), endpoint.port}, ec);
  return !ec;
}

nlohmann::json describe(const ServeConfig& config, const facade::NotifyReceiver& notify,
                        const control::ControlPlane& controlPlane, dovecot::FakeDovecot& fakeDovecot,
                        const tls::CertificateAuthority& authority) {
  nlohmann::json users = nlohmann::json::array();
  for (const auto& user : config.users) {
    users.push_back({{"login", user.login}, {"password", user.password}, {"email", user.email},
                     {"user_id", user.userId}, {"context_id", user.contextId}, {"flagging", user.flagging}});
  }
  return {{"pid", ::getpid()},
          {"control", controlPlane.baseUrl()},
          {"notify", {{"listen", notify.endpoint().str()}, {"url", notify.url(true)}, {"path", notify.options().path}}},
          {"dovecot",
           {{"imap", fakeDovecot.imapEndpoint().str()},
            {"imaps", fakeDovecot.imapsEndpoint() ? fakeDovecot.imapsEndpoint()->str() : std::string()},
            {"lmtp", fakeDovecot.lmtpEndpoint().str()},
            {"store", fakeDovecot.store().state()}}},
          {"ca_pem", authority.caPem()},
          {"users", users}};
}


}  // namespace

// The fake App Suite /ajax API over the embedded fake Dovecot (or the Dovecot the config names).
std::unique_ptr<facade::FakeFacade> makeFacade(const ServeConfig& config, dovecot::FakeDovecot& fakeDovecot,
                                               journal::Journal& journal,
                                               const std::shared_ptr<tls::CertificateAuthority>& authority) {
  facade::FakeFacadeOptions options;
  options.listen = config.facadeListen;
  options.imap = config.facadeImap.value_or(fakeDovecot.imapEndpoint());
  options.lmtp = config.facadeLmtp.value_or(fakeDovecot.lmtpEndpoint());
  options.journal = &journal;
  // Deliberate TLS misbehaviour implies HTTPS, as in scenarios (the values were checked at load).
  const auto misbehaviour = tlsMisbehaviour("facade", "HTTPS", config.facadeTlsMinVersion, config.facadeTlsCertificate);
  if (config.facadeTls || !misbehaviour.weakened.empty()) {
    options.tls = std::make_shared<tls::TlsPolicy>();  // floor TLS 1.2
    options.authority = authority;                      // the CA in the ready file's ca_pem
    options.tlsMinVersion = misbehaviour.minVersion;
    options.tlsExpiredCertificate = misbehaviour.expiredCertificate;
    options.tlsHostNames = misbehaviour.hostNames;
    journalTlsMisbehaviour(journal, "facade.http", "facade", misbehaviour);
  }
  if (!config.facadeServerVersion.empty()) {
    options.serverVersion = config.facadeServerVersion;
  }
  for (const auto& user : config.users) {
    facade::FacadeUser facadeUser;
    facadeUser.login = user.login;
    facadeUser.password = user.password;
    facadeUser.userId = user.userId;
    facadeUser.contextId = user.contextId;
    facadeUser.email = user.email;
    facadeUser.flagging = user.flagging.empty() ? config.facadeFlagging : user.flagging;
    options.users.push_back(std::move(facadeUser));
  }
  return std::make_unique<facade::FakeFacade>(options);
}

int serveCommand(const ServeOptions& options) {
  ServeConfig config;
  try {
    config = options.config.empty() ? demoServeConfig() : loadServeConfig(options.config);
    if (options.config.empty() || options.notifyListen != "127.0.0.1:0") {
      config.notifyListen = addressOption("--notify-listen", options.notifyListen);
    }
    if (options.config.empty() || options.controlListen != "127.0.0.1:0") {
      config.controlListen = addressOption("--control-listen", options.controlListen);
    }
  } catch (const OxhException& error) {
    std::cerr << error.error().describe() << "\n";
    return kExitUsage;
  }

  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only sigwait() below sees them.
  const sigset_t stopSignals = blockStopSignals();

  journal::Journal journal("serve");
  net::IoRuntime io(2);
  facade::NotifyReceiverOptions notifyOptions;
  notifyOptions.listen = config.notifyListen;
  notifyOptions.login = config.notifyUser;
  notifyOptions.password = config.notifyPassword;
  // Accepted messageNew calls go on to the fake middleware's PNS once it runs.
  auto pnsRelay = std::make_shared<PnsRelay>();
  notifyOptions.onMessageNew = [pnsRelay](const facade::NotifyMessageNew& event) { pnsRelay->deliver(event); };
  facade::NotifyReceiver notify(io.context(), journal, notifyOptions);
  control::ControlPlaneOptions controlOptions;
  controlOptions.listen = config.controlListen;
  controlOptions.component = "oxharness";
  controlOptions.journal = &journal;
  std::unique_ptr<control::ControlPlane> controlPlane;
  auto authority = std::make_shared<tls::CertificateAuthority>();
  std::unique_ptr<dovecot::FakeDovecot> fakeDovecot;
  std::unique_ptr<facade::FakeFacade> fakeFacade;
  std::shared_ptr<facade::pns::PnsService> pns;
  std::unique_ptr<facade::mobile::MobileFacade> mobileFacade;
  std::unique_ptr<push::PushFakes> pushFakes;
  try {
    notify.start();
    dovecot::FakeDovecotOptions dovecotOptions;
    dovecotOptions.imap = config.dovecotImap;
    dovecotOptions.imaps = config.dovecotImaps;
    dovecotOptions.lmtp = config.dovecotLmtp;
    for (const auto& user : config.users) {
      dovecotOptions.users.push_back({user.login, user.password});
    }
    for (auto driver : config.pushDrivers) {
      if (const auto at = driver.find("{notify}"); at != std::string::npos) {
        driver.replace(at, 8, notify.url(true));
      }
      dovecotOptions.pushDrivers.push_back(driver);
    }
    dovecotOptions.metadataNetworks = config.metadataNetworks;
    dovecotOptions.hostname = config.hostname;
    dovecotOptions.profile = config.dovecotProfile;
    dovecotOptions.capabilities = config.dovecotCapabilities;
    dovecotOptions.passwdFile = config.dovecotPasswdFile;
    dovecotOptions.authority = authority;
    dovecotOptions.journal = &journal;
    fakeDovecot = std::make_unique<dovecot::FakeDovecot>(io.context(), dovecotOptions);
    fakeDovecot->start();
    fakeFacade = makeFacade(config, *fakeDovecot, journal, authority);
    pns = startServePns(config, *fakeFacade, config.facadeImap.value_or(fakeDovecot->imapEndpoint()), journal);
    pnsRelay->set(pns);
    fakeFacade->start();
    mobileFacade = startMobileFacade(config.facadeMobile, fakeFacade->url(), journal, authority);
    pushFakes = std::make_unique<push::PushFakes>(io.context(),
                                                  push::PushFakesOptions{config.apns, config.fcm, authority, &journal});
    pushFakes->start();
    controlPlane = std::make_unique<control::ControlPlane>(controlOptions);
    fakeDovecot->registerControlActions(*controlPlane);
    pushFakes->registerControlActions(*controlPlane);
    registerPnsControlActions(*controlPlane, pns);
    // A clean slate: the push fakes' records, every session of the fake App Suite and the mobile
    // facade (a session from before answers SES-0203 / error 4), the PNS subscriptions and
    // listeners (Dovecot's state stays); the journal is cleared next.
    controlPlane->onReset([&] {
      pushFakes->reset();
      fakeFacade->reset();
      pns->reset();
      if (mobileFacade) {
        mobileFacade->reset();
      }
    });
    controlPlane->onState([&] {
      auto state = describe(config, notify, *controlPlane, *fakeDovecot, *authority);
      state.update(pushFakes->describe());
      return state;
    });
    controlPlane->start();
  } catch (const OxhException& error) {
    std::cerr << error.error().describe() << "\n";
    return kExitUsage;
  }
  auto listeners = pushFakes->endpoints();
  for (const auto& endpoint : {notify.endpoint(), controlPlane->endpoint(), fakeDovecot->imapEndpoint(),
                               *fakeDovecot->imapsEndpoint(), fakeDovecot->lmtpEndpoint(), fakeFacade->endpoint()}) {
    listeners.push_back(endpoint);
  }
  for (const auto& endpoint : listeners) {
    if (!accepts(endpoint)) {
      std::cerr << Error("oxh.serve.not-ready", endpoint.str() + " does not accept connections").describe() << "\n";
      return kExitInternal;
    }
  }
  auto ready = describe(config, notify, *controlPlane, *fakeDovecot, *authority);
  ready["dovecot"].erase("store");
  ready["facade"] = {{"url", fakeFacade->url()}, {"listen", fakeFacade->endpoint().str()}};
  if (mobileFacade) {
    ready["facade"]["mobile"] = {{"url", mobileFacade->url()}, {"listen", mobileFacade->endpoint().str()}};
  }
  ready.update(pushFakes->describe());
  if (!options.readyFile.empty()) {
    try {
      writeReadyFile(options.readyFile, ready, "oxh.serve.ready-file");
    } catch (const OxhException& error) {
      std::cerr << error.error().describe() << "\n";
      return kExitUsage;
    }
  }
  std::printf("oxharness serve: ready\n");
  std::printf("  http-notify receiver  %s  (Dovecot driver url: %s)\n", notify.endpoint().str().c_str(), notify.url(true).c_str());
  std::printf("  fake Dovecot IMAP      %s  (STARTTLS; IMAPS on %s)\n", fakeDovecot->imapEndpoint().str().c_str(),
              fakeDovecot->imapsEndpoint()->str().c_str());
  std::printf("  fake Dovecot LMTP      %s\n", fakeDovecot->lmtpEndpoint().str().c_str());
  const auto pushInfo = pushFakes->describe();
  if (pushInfo.contains("apns")) {
    const auto& apns = pushInfo["apns"];
    const auto legacy = apns.contains("legacy_gateway")
                            ? "  (binary gateway " + apns["legacy_gateway"].get<std::string>() + ", feedback " +
                                  apns["legacy_feedback"].get<std::string>() + ")"
                            : std::string();
    std::printf("  fake APNs (HTTP/2)    %s%s\n", apns["listen"].get<std::string>().c_str(), legacy.c_str());
  }
  if (pushInfo.contains("fcm")) {
    std::printf("  fake FCM              %s  (ALPN h2 and http/1.1)\n", pushInfo["fcm"]["url"].get<std::string>().c_str());
  }
  std::printf("  fake App Suite /ajax   %s\n", fakeFacade->url().c_str());
  if (mobileFacade) {
    std::printf("  fake Mobile API Facade %s\n", mobileFacade->url().c_str());
  }
  std::printf("  control plane         %s  (ready, reset, journal, state)\n", controlPlane->baseUrl().c_str());
  for (const auto& user : config.users) {
    std::printf("  user                  %s / %s  (ox user %lld@%lld)\n", user.login.c_str(), user.password.c_str(),
                static_cast<long long>(user.userId), static_cast<long long>(user.contextId));
  }
  std::printf("Stop with Ctrl-C.\n");
  std::fflush(stdout);
  const int received = waitForStopSignal(stopSignals);
  if (mobileFacade) {
    mobileFacade->stop();
  }
  pnsRelay->stop();  // its worker talks IMAP to the Dovecot below
  fakeFacade->stop();
  std::printf("oxharness serve: stopping (%s)\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  controlPlane->stop();
  pushFakes->stop();
  fakeDovecot->stop();
  notify.stop();
  io.stop();
  return kExitPassed;
}

}  // namespace oxh::runner::cli
