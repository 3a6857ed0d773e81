// The embedded fake Dovecot (IMAP, IMAPS, LMTP and the ox push driver), started when the
// topology says `dovecot: fake` or names no Dovecot at all and the steps need one.
#include <filesystem>
#include <sstream>

#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_facade/notify/notify_receiver.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

namespace {

bool needsDovecot(const Scenario& scenario) {
  // A fault proxy in front of it (`proxies: {p: {to: dovecot.imap}}`) needs it too.
  for (const auto& [name, entry] : scenario.topology) {
    const auto to = entry.options.find("to");
    if (name.rfind("proxies.", 0) == 0 && to != entry.options.end() && to->second.rfind("dovecot.", 0) == 0) {
      return true;
    }
  }
  if (!scenario.requiredCapabilities.empty() || scenario.topology.count("facade") != 0) {
    return true;  // the fake facade keeps its mail in Dovecot
  }
  for (const auto& step : scenario.steps) {
    // expect.tls probing the fake Dovecot ("endpoint: dovecot.imaps") needs it started too.
    if (step.kind == "expect.tls" && step.args.IsMap() && step.args["endpoint"] &&
        step.args["endpoint"].as<std::string>().rfind("dovecot.", 0) == 0) {
      return true;
    }
    for (const char* prefix : {"imap.", "lmtp.", "expect.imap", "dovecot.", "expect.dovecot", "facade."}) {
      if (step.kind.rfind(prefix, 0) == 0) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

// The embedded fake Dovecot, when the topology says `dovecot: fake` or names no Dovecot at all
// (DESIGN.md section 5: "omit for the fake"). Its push driver calls the scenario's receiver.
void startFakeDovecot(StepContext& context) {
  const auto found = context.scenario.topology.find("dovecot");
  if (found != context.scenario.topology.end() && !found->second.fake) {
    return;
  }
  if (!needsDovecot(context.scenario)) {
    return;
  }
  auto option = [&](const char* key) -> std::optional<std::string> {
    if (found == context.scenario.topology.end()) {
      return std::nullopt;
    }
    auto it = found->second.options.find(key);
    return it == found->second.options.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  dovecot::FakeDovecotOptions options;
  for (const auto& user : context.scenario.users) {
    options.users.push_back({user.login, user.password});
  }
  options.seed = context.random();
  options.journal = &context.journal;
  options.imaps = net::HostPort{"127.0.0.1", 0};
  std::string driver = option("push_driver").value_or("ox:url={notify} user_from_metadata");
  if (driver != "none") {
    // {notify}: the receiver's URL with its own credentials; {notify_listen}: its host:port, for
    // a driver URL that states Dovecot's configured credentials (which may differ on purpose).
    if (const auto at = driver.find("{notify}"); at != std::string::npos) {
      driver.replace(at, 8, context.notifyReceiver->url(true));
    }
    if (const auto at = driver.find("{notify_listen}"); at != std::string::npos) {
      driver.replace(at, 15, context.notifyReceiver->endpoint().str());
    }
    options.pushDrivers.push_back(driver);
  }
  if (auto networks = option("metadata_networks")) {
    std::istringstream words(*networks);
    for (std::string word; words >> word;) {
      options.metadataNetworks.push_back(word);
    }
  }
  if (auto profile = option("profile")) {
    options.profile = *profile;
  }
  if (auto capabilities = option("capabilities")) {
    std::istringstream words(*capabilities);  // "-METADATA +XFOO", or a YAML list joined by spaces
    for (std::string word; words >> word;) {
      options.capabilities.push_back(word);
    }
  }
  if (auto passwd = option("passwd_file")) {
    std::filesystem::path file(*passwd);  // relative to the scenario file
    options.passwdFile =
        (file.is_absolute() ? file : std::filesystem::path(context.scenario.file).parent_path() / file).string();
  }
  const auto misbehaviour = readTlsMisbehaviour(context, "dovecot", "dovecot.imap", "IMAP");
  options.tlsMinVersion = misbehaviour.minVersion;
  options.tlsExpiredCertificate = misbehaviour.expiredCertificate;
  options.tlsHostNames = misbehaviour.hostNames;
  auto fake = std::make_shared<dovecot::FakeDovecot>(context.io.context(), options);
  try {
    fake->start();
  } catch (const std::exception& error) {
    throw StepFailure(std::string("cannot start the fake Dovecot: ") + error.what());
  }
  exportEndpoint(context, "dovecot", "imap", fake->imapEndpoint());
  if (auto imaps = fake->imapsEndpoint()) {
    exportEndpoint(context, "dovecot", "imaps", *imaps);
  }
  exportEndpoint(context, "dovecot", "lmtp", fake->lmtpEndpoint());
  context.fakeDovecot = std::move(fake);
}

}  // namespace oxh::runner
