// Test-only: the fake Mobile API Facade in front of the fake App Suite /ajax (FakeFacade, over
// HTTP) over the fake Dovecot, for tests/integration/test_mobile_facade.py:
//
//   oxh_mobile_stack [--profile FILE] [--min-client VERSION] [--server-version VERSION]
//
// Users alice@example.org (3@1) and bob@example.org (4@1), password "secret". Prints one JSON
// line {"mobile_url","appsuite_url","imap","lmtp"} once everything listens (mail is delivered
// over LMTP by the test), then runs until stdin closes. A bad option or profile prints the
// error ([oxh.*] with file:line:col) on stderr and exits 2.
#include <iostream>
#include <memory>
#include <string>

#include "common/error/error.hpp"
#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_facade/facade/mobile_facade.hpp"
#include "mock_facade/fake_facade.hpp"

int main(int argc, char** argv) {
  using namespace oxh;
  try {
    facade::mobile::MobileFacadeOptions mobileOptions;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (i + 1 >= argc) throw OxhException(Error("oxh.cli.usage", "option " + arg + " needs a value"));
      const std::string value = argv[++i];
      if (arg == "--profile") {
        mobileOptions.profile = facade::mobile::loadApiProfile(value);
      } else if (arg == "--min-client") {
        mobileOptions.minimumClientVersion = value;
      } else if (arg == "--server-version") {
        mobileOptions.serverVersion = value;
      } else {
        throw OxhException(Error("oxh.cli.usage", "unknown option " + arg));
      }
    }
    journal::Journal journal;
    net::IoRuntime io(1);
    dovecot::FakeDovecotOptions dovecotOptions;
    dovecotOptions.users = {{"alice@example.org", "secret"}, {"bob@example.org", "secret"}};
    dovecotOptions.journal = &journal;
    dovecot::FakeDovecot dovecot(io.context(), dovecotOptions);
    dovecot.start();
    facade::FakeFacadeOptions appSuiteOptions;
    appSuiteOptions.imap = dovecot.imapEndpoint();
    appSuiteOptions.lmtp = dovecot.lmtpEndpoint();
    appSuiteOptions.journal = &journal;
    for (const auto& [login, id] : {std::pair<std::string, std::int64_t>{"alice@example.org", 3}, {"bob@example.org", 4}}) {
      facade::FacadeUser user;
      user.login = login;
      user.password = "secret";
      user.userId = id;
      user.contextId = 1;
      appSuiteOptions.users.push_back(user);
    }
    facade::FakeFacade appSuite(appSuiteOptions);
    appSuite.start();
    mobileOptions.appSuiteUrl = appSuite.url();
    mobileOptions.journal = &journal;
    facade::mobile::MobileFacade mobile(mobileOptions);
    mobile.start();
    const auto imap = dovecot.imapEndpoint();
    const auto lmtp = dovecot.lmtpEndpoint();
    std::cout << nlohmann::json{{"mobile_url", mobile.url()},
                                {"appsuite_url", appSuite.url()},
                                {"imap", imap.host + ":" + std::to_string(imap.port)},
                                {"lmtp", lmtp.host + ":" + std::to_string(lmtp.port)}}
                     .dump()
              << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    mobile.stop();
    appSuite.stop();
    dovecot.stop();
    return 0;
  } catch (const OxhException& e) {
    std::cerr << e.error().describe() << std::endl;
    return 2;
  }
}
