// oxh_fake_imap: the fake Dovecot's IMAP server alone, for conformance tests
// (tests/peers/test_fake_dovecot_imap.py). Starts a MailStore with the users given as
// arguments ("login:password", default alice/bob/carol@example.org:secret) and an ImapServer
// on 127.0.0.1:0 (plain with STARTTLS, and imaps), prints one JSON line
// {"imap": port, "imaps": port} and runs until stdin closes.
// Options: --profile NAME, --metadata-network CIDR (repeatable), --seed N.
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"
#include "mock_dovecot/imap/imap_server.hpp"
#include "mock_dovecot/store/mail_store.hpp"

int main(int argc, char** argv) {
  using namespace oxh;
  std::vector<dovecot::UserAccount> users;
  dovecot::imap::ImapServerOptions options;
  std::vector<std::string> networks;
  std::uint64_t seed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--profile" && i + 1 < argc) {
      options.profile = argv[++i];
    } else if (arg == "--metadata-network" && i + 1 < argc) {
      networks.emplace_back(argv[++i]);
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = std::stoull(argv[++i]);
    } else if (const auto colon = arg.find(':'); colon != std::string::npos) {
      users.push_back({arg.substr(0, colon), arg.substr(colon + 1)});
    } else {
      std::cerr << "usage: oxh_fake_imap [--profile P] [--metadata-network CIDR]... [--seed N] [login:password]...\n";
      return 2;
    }
  }
  if (users.empty()) {
    users = {{"alice@example.org", "secret"}, {"bob@example.org", "secret"}, {"carol@example.org", "secret"}};
  }
  if (!networks.empty()) {
    options.metadataNetworks = networks;
  }
  try {
    dovecot::MailStore store(seed);
    for (const auto& user : users) {
      store.addUser(user);
    }
    net::IoRuntime runtime(2);
    options.listen = {"127.0.0.1", 0};
    options.listenImaps = net::HostPort{"127.0.0.1", 0};
    options.authority = std::make_shared<tls::CertificateAuthority>();
    dovecot::imap::ImapServer server(runtime.context(), store, options);
    server.start();
    std::cout << nlohmann::json{{"imap", server.endpoint().port}, {"imaps", server.imapsEndpoint().port}}.dump()
              << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    server.stop();
  } catch (const std::exception& error) {
    std::cerr << "oxh_fake_imap: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
