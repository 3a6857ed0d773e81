// Test-only: the PNS with its http-notify receiver and the fake APNs (HTTP/2 and legacy) and
// FCM, for pytest against a real Dovecot (tests/peers/test_pns_real_dovecot.py):
//
//   oxh_pns_stack --version 7.10|7.8.4 [--fcm-api legacy|v1] [--delay-ms N]
//
// Prints one JSON line {"notify_port","notify_url","notify_user","notify_password"} once the
// receiver listens (Dovecot's push driver is then configured with it), then reads one JSON
// command per line from stdin and answers each with one JSON line:
//   {"cmd":"imap","server":"127.0.0.1:143"}   starts the PNS and the fake App Suite /ajax (FakeFacade,
//        users alice@example.org 3@1 and bob@example.org 4@1, password "secret", with the
//        /ajax/pns actions) against that IMAP server -> {"ok":true,"facade_url":"http://..."}
//   {"cmd":"device","transport":"apn"|"gcm","token":T,"registered":true,"canonical_id":C}
//   {"cmd":"subscribe"|"unsubscribe","user":{"login","password","user_id","context_id"},"body":{...}}
//        -> {"ok":true} or {"error":"<code>"}
//   {"cmd":"wait","kind":"pns.dispatch","count":N,"timeout_ms":M}
//        -> {"count":n,"entries":[journal entries of component "pns" with that kind]}
//   {"cmd":"pushes"} -> {"apns":[...],"apns_legacy":[...],"fcm":[...]}
// Ends when stdin closes.
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/error/error.hpp"
#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_apns_fcm/apns/apns_test_keys.hpp"
#include "mock_apns_fcm/apns/fake_apns.hpp"
#include "mock_apns_fcm/apns_legacy/fake_apns_legacy.hpp"
#include "mock_apns_fcm/apns_legacy/legacy_test_support.hpp"
#include "mock_apns_fcm/fcm/fake_fcm.hpp"
#include "mock_facade/fake_facade.hpp"
#include "mock_facade/notify/notify_receiver.hpp"
#include "mock_facade/pns/pns_service.hpp"

namespace {

using namespace oxh;
using namespace std::chrono_literals;

constexpr const char* kTopic = "com.openexchange.mobile.mail";
constexpr const char* kServerKey = "AIzaSyTestServerKey";
constexpr const char* kProject = "demo-project";
constexpr const char* kAccessToken = "ya29.test-access-token";

struct Stack {
  journal::Journal journal;
  net::IoRuntime runtime{2};
  push::apns::testing::TestKey key = push::apns::testing::makeP256Key();
  std::unique_ptr<push::apns::FakeApns> apns;
  std::unique_ptr<push::apns::FakeApnsLegacy> legacy;
  std::unique_ptr<push::fcm::FakeFcm> fcm;
  std::unique_ptr<facade::NotifyReceiver> receiver;
  std::unique_ptr<facade::pns::PnsService> pns;
  std::unique_ptr<facade::FakeFacade> facade;
  std::mutex usersMutex;
  std::map<std::pair<std::int64_t, std::int64_t>, facade::FacadeUser> users;
  std::string version = "7.10";
  std::string fcmApi = "legacy";
  int delayMs = 0;

  void start() {
    push::apns::FakeApnsOptions apnsOptions;
    apnsOptions.journal = &journal;
    apns = std::make_unique<push::apns::FakeApns>(runtime.context(), apnsOptions);
    apns->addKey({"TEAM123456", "ABC123DEFG", key.publicPem, {kTopic}, std::nullopt});
    apns->start();
    push::apns::FakeApnsLegacyOptions legacyOptions;
    legacyOptions.journal = &journal;
    legacyOptions.devices = &apns->devices();
    legacy = std::make_unique<push::apns::FakeApnsLegacy>(runtime.context(), legacyOptions);
    legacy->start();
    push::fcm::FakeFcmOptions fcmOptions;
    fcmOptions.journal = &journal;
    fcm = std::make_unique<push::fcm::FakeFcm>(runtime.context(), fcmOptions);
    fcm->addServerKey(kServerKey, kProject);
    fcm->addAccessToken(kAccessToken);
    fcm->start();
    facade::NotifyReceiverOptions notifyOptions;
    notifyOptions.onMessageNew = [this](const facade::NotifyMessageNew& event) {
      if (pns) {
        pns->onMessageNew(event);
      }
    };
    receiver = std::make_unique<facade::NotifyReceiver>(runtime.context(), journal, notifyOptions);
    receiver->start();
  }

  void startFacade(const net::HostPort& imap) {
    facade::FakeFacadeOptions options;
    options.imap = imap;
    options.journal = &journal;
    for (const auto& [login, id] :
         {std::pair<std::string, std::int64_t>{"alice@example.org", 3}, {"bob@example.org", 4}}) {
      facade::FacadeUser user;
      user.login = login;
      user.password = "secret";
      user.userId = id;
      user.contextId = 1;
      options.users.push_back(user);
      std::lock_guard lock(usersMutex);
      users[{user.userId, user.contextId}] = user;
    }
    facade = std::make_unique<facade::FakeFacade>(options);
    for (auto& [action, handler] : pns->actions()) {
      facade->registerAction("pns", action, handler, true);
    }
    facade->start();
  }

  void startPns(const net::HostPort& imap) {
    facade::pns::PnsOptions options;
    options.config.addProperties("com.openexchange.pns.delayDuration=" + std::to_string(delayMs) + "\n");
    options.config.addGcmOptions(std::string("open-xchange-mobile-api-facade:\n  key: ") + kServerKey + "\n");
    options.middlewareVersion = version;
    options.imapServer = imap;
    facade::pns::ApnsHttp2Target http2;
    http2.endpoint = apns->endpoint();
    http2.caPem = apns->caPem();
    http2.topic = kTopic;
    http2.signingKeyPem = key.privatePem;
    http2.keyId = "ABC123DEFG";
    http2.teamId = "TEAM123456";
    options.apnsHttp2 = http2;
    facade::pns::ApnsLegacyTarget legacyTarget;
    legacyTarget.gateway = legacy->gatewayEndpoint();
    const auto identity = push::apns::testing::makeProviderCertificate(kTopic);
    legacyTarget.clientCertPem = identity.certPem;
    legacyTarget.clientKeyPem = identity.keyPem;
    legacyTarget.errorWait = 300ms;
    options.apnsLegacy = legacyTarget;
    facade::pns::FcmTarget fcmTarget;
    fcmTarget.api = fcmApi;
    fcmTarget.legacyUrl = fcm->baseUrl() + "/fcm/send";
    fcmTarget.v1BaseUrl = fcm->baseUrl();
    fcmTarget.projectId = kProject;
    fcmTarget.accessToken = kAccessToken;
    options.fcm = fcmTarget;
    pns = std::make_unique<facade::pns::PnsService>(journal, options, [this](std::int64_t user, std::int64_t context) {
      std::lock_guard lock(usersMutex);
      std::optional<facade::FacadeUser> found;
      if (auto it = users.find({user, context}); it != users.end()) {
        found = it->second;
      }
      return found;
    });
  }

  nlohmann::json handle(const nlohmann::json& command) {
    const auto cmd = command.value("cmd", std::string());
    if (cmd == "imap") {
      auto server = net::HostPort::parse(command.value("server", std::string()));
      if (!server) {
        return {{"error", "bad server"}};
      }
      startPns(*server);
      startFacade(*server);
      return {{"ok", true}, {"facade_url", facade->url()}};
    }
    if (cmd == "device") {
      const auto token = command.value("token", std::string());
      if (command.value("transport", std::string()) == "gcm") {
        fcm->addDevice(token, kProject, command.value("registered", true),
                       command.value("canonical_id", std::string()));
      } else {
        apns->addDevice(token, kTopic);
      }
      return {{"ok", true}};
    }
    if (cmd == "subscribe" || cmd == "unsubscribe") {
      if (!pns) {
        return {{"error", "send imap first"}};
      }
      const auto& u = command.at("user");
      facade::FacadeUser user;
      user.login = u.value("login", std::string());
      user.password = u.value("password", std::string());
      user.userId = u.value("user_id", 0);
      user.contextId = u.value("context_id", 1);
      {
        std::lock_guard lock(usersMutex);
        users[{user.userId, user.contextId}] = user;
      }
      try {
        return cmd == "subscribe" ? pns->subscribe(user, command.at("body"))
                                  : pns->unsubscribe(user, command.at("body"));
      } catch (const facade::AjaxError& e) {
        return {{"error", e.code()}};
      }
    }
    if (cmd == "wait") {
      const auto kind = command.value("kind", std::string());
      const auto matcher = [kind](const journal::Entry& e) { return e.component == "pns" && e.kind == kind; };
      journal::WaitOptions options;
      options.consume = false;
      options.includeConsumed = true;
      const auto count = journal.waitForCount(matcher, command.value("count", 1),
                                              std::chrono::milliseconds(command.value("timeout_ms", 5000)), options);
      nlohmann::json entries = nlohmann::json::array();
      for (const auto& entry : journal.snapshot()) {
        if (matcher(entry)) {
          entries.push_back(entry.data);
        }
      }
      return {{"count", count}, {"entries", entries}};
    }
    if (cmd == "pushes") {
      nlohmann::json out{{"apns", nlohmann::json::array()},
                         {"apns_legacy", nlohmann::json::array()},
                         {"fcm", nlohmann::json::array()}};
      for (const auto& record : apns->pushes().all()) {
        out["apns"].push_back(record.toJson());
      }
      for (const auto& record : legacy->pushes().all()) {
        out["apns_legacy"].push_back(record.toJson());
      }
      for (const auto& record : fcm->pushes().all()) {
        out["fcm"].push_back(record.toJson());
      }
      return out;
    }
    return {{"error", "unknown command '" + cmd + "'"}};
  }
};

}  // namespace

int main(int argc, char** argv) {
  Stack stack;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--version") {
      stack.version = argv[i + 1];
    } else if (flag == "--fcm-api") {
      stack.fcmApi = argv[i + 1];
    } else if (flag == "--delay-ms") {
      stack.delayMs = std::stoi(argv[i + 1]);
    } else {
      std::cerr << "unknown option " << flag << "\n";
      return 2;
    }
  }
  try {
    stack.start();
    const auto& options = stack.receiver->options();
    std::cout << nlohmann::json{{"notify_port", stack.receiver->endpoint().port},
                                {"notify_url", stack.receiver->url(false)},
                                {"notify_user", options.login.value_or("")},
                                {"notify_password", options.password.value_or("")}}
                     .dump()
              << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line.empty()) {
        continue;
      }
      nlohmann::json answer;
      try {
        answer = stack.handle(nlohmann::json::parse(line));
      } catch (const std::exception& e) {
        answer = {{"error", e.what()}};
      }
      std::cout << answer.dump() << std::endl;
    }
    if (stack.facade) {
      stack.facade->stop();
    }
    if (stack.pns) {
      stack.pns->stop();
    }
  } catch (const OxhException& e) {
    std::cerr << e.error().describe() << "\n";
    return 3;
  }
  return 0;
}
