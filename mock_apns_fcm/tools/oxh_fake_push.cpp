// Test-only: starts FakeApns, FakeApnsLegacy (gateway + feedback) and FakeFcm on 127.0.0.1:0 for pytest peers that drive real
// client libraries (tests/peers/test_apns_*.py, test_fcm_*.py).
//
//   oxh_fake_push --config world.json --ca-out ca.pem
//                 [--team T --key-id K --key key.pem --topic com.x --device TOKEN ...]
//
// Prints one JSON line {"apns_port","fcm_port","control_port","ca","apns_legacy_port",
// "apns_feedback_port"} once everything listens,
// then serves until stdin closes. A line "pushes" on stdin prints every recorded push as one
// JSON line each, then {"end":true}. The control plane (GET /_oxh/control/apns_pushes, ...)
// offers the same plus faults. Config keys: environment, strict_token_length,
// accept_unknown_tokens, enforce_token_update_rate, gate_streams, client_ca_file, clock_offset_s,
// rate_limit{max,window_ms}, io_threads (default 2),
// keys[{team_id,key_id,public_key_pem|public_key_file,topics}],
// devices[{token,topic,environment,unregistered_since_ms}],
// fcm{server_keys[{key,sender}],access_tokens[],devices[{token,sender,registered,canonical_id}],
//     accept_unknown_tokens,strict_data_strings,project_id,tls,rate_limit{max,window_ms}}
// (fcm.tls: HTTPS with ALPN h2 and http/1.1, certificate from the same CA),
// legacy{environment,accept_unknown_tokens,require_environment_oid,idle_timeout_ms} (the
// binary gateway shares the APNs device registry; its defaults come from the keys above).
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "common/control/control_plane.hpp"
#include "common/error/error.hpp"
#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "common/tls/certificate_authority.hpp"
#include "mock_apns_fcm/apns/fake_apns.hpp"
#include "mock_apns_fcm/apns_legacy/fake_apns_legacy.hpp"
#include "mock_apns_fcm/fcm/fake_fcm.hpp"

namespace {

using namespace oxh;
using namespace oxh::push;

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw OxhException(Error("oxh.tool.file", "cannot read " + path));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

apns::Environment environmentOf(const nlohmann::json& json, apns::Environment fallback) {
  const auto env = apns::environmentFromName(json.value("environment", std::string(apns::environmentName(fallback))));
  if (!env) {
    throw OxhException(Error("oxh.tool.config", "environment is sandbox or production"));
  }
  return *env;
}

void configureApns(apns::FakeApns& fake, const nlohmann::json& config, apns::Environment environment) {
  for (const auto& key : config.value("keys", nlohmann::json::array())) {
    apns::ProviderKey providerKey;
    providerKey.teamId = key.value("team_id", "");
    providerKey.keyId = key.value("key_id", "");
    providerKey.publicKeyPem =
        key.contains("public_key_file") ? readFile(key["public_key_file"]) : key.value("public_key_pem", "");
    providerKey.topics = key.value("topics", std::vector<std::string>{});
    fake.addKey(std::move(providerKey));
  }
  for (const auto& device : config.value("devices", nlohmann::json::array())) {
    const auto token = device.value("token", "");
    fake.addDevice(token, device.value("topic", ""), environmentOf(device, environment));
    if (device.contains("unregistered_since_ms")) {
      fake.unregisterDevice(token, std::chrono::system_clock::time_point(
                                       std::chrono::milliseconds(device["unregistered_since_ms"].get<std::int64_t>())));
    }
  }
}

void configureFcm(fcm::FakeFcm& fake, const nlohmann::json& config) {
  for (const auto& key : config.value("server_keys", nlohmann::json::array())) {
    fake.addServerKey(key.value("key", ""), key.value("sender", ""));
  }
  for (const auto& token : config.value("access_tokens", std::vector<std::string>{})) {
    fake.addAccessToken(token);
  }
  for (const auto& device : config.value("devices", nlohmann::json::array())) {
    fake.addDevice(device.value("token", ""), device.value("sender", ""), device.value("registered", true),
                   device.value("canonical_id", ""));
  }
}

int run(int argc, char** argv) {
  nlohmann::json config = nlohmann::json::object();
  std::string caOut;
  nlohmann::json cliKey = nlohmann::json::object();
  std::vector<std::string> cliDevices;
  std::string cliTopic;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        throw OxhException(Error("oxh.tool.args", arg + " needs a value"));
      }
      return argv[++i];
    };
    if (arg == "--config") {
      config = nlohmann::json::parse(readFile(next()));
    } else if (arg == "--ca-out") {
      caOut = next();
    } else if (arg == "--team") {
      cliKey["team_id"] = next();
    } else if (arg == "--key-id") {
      cliKey["key_id"] = next();
    } else if (arg == "--key") {
      cliKey["public_key_file"] = next();
    } else if (arg == "--topic") {
      cliTopic = next();
    } else if (arg == "--device") {
      cliDevices.push_back(next());
    } else {
      throw OxhException(Error("oxh.tool.args", "unknown argument " + arg));
    }
  }
  if (cliKey.contains("key_id")) {
    if (!cliTopic.empty()) {
      cliKey["topics"] = {cliTopic};
    }
    config["keys"].push_back(cliKey);
  }
  for (const auto& token : cliDevices) {
    config["devices"].push_back({{"token", token}, {"topic", cliTopic}});
  }

  journal::Journal journal("oxh_fake_push");
  net::IoRuntime runtime(config.value("io_threads", 2));
  auto authority = std::make_shared<tls::CertificateAuthority>("oxharness fake push CA");
  const auto environment = environmentOf(config, apns::Environment::Sandbox);

  apns::FakeApnsOptions apnsOptions;
  apnsOptions.authority = authority;
  apnsOptions.journal = &journal;
  apnsOptions.validation.defaultEnvironment = environment;
  apnsOptions.validation.strictTokenLength = config.value("strict_token_length", false);
  apnsOptions.validation.acceptUnknownTokens = config.value("accept_unknown_tokens", false);
  apnsOptions.validation.enforceTokenUpdateRate = config.value("enforce_token_update_rate", true);
  apnsOptions.gateStreamsUntilToken = config.value("gate_streams", true);
  if (config.contains("rate_limit")) {
    apnsOptions.validation.tokenRateLimit = RateLimit::fromJson(config["rate_limit"]);
  }
  // Moves the fake's clock (seconds, may be negative) so provider-token expiry can be tested
  // with clients that always mint tokens with iat = now.
  if (const auto offset = std::chrono::seconds(config.value("clock_offset_s", 0)); offset.count() != 0) {
    apnsOptions.clock = [offset] { return std::chrono::system_clock::now() + offset; };
  }
  if (config.contains("client_ca_file")) {
    apnsOptions.clientCaPem = readFile(config["client_ca_file"]);
  }
  apns::FakeApns fakeApns(runtime.context(), apnsOptions);
  configureApns(fakeApns, config, environment);

  const auto legacyConfig = config.value("legacy", nlohmann::json::object());
  apns::FakeApnsLegacyOptions legacyOptions;
  legacyOptions.authority = authority;
  legacyOptions.journal = &journal;
  legacyOptions.devices = &fakeApns.devices();
  legacyOptions.environment = environmentOf(legacyConfig, environment);
  legacyOptions.acceptUnknownTokens =
      legacyConfig.value("accept_unknown_tokens", config.value("accept_unknown_tokens", false));
  legacyOptions.requireEnvironmentOid = legacyConfig.value("require_environment_oid", true);
  if (legacyConfig.contains("idle_timeout_ms")) {
    legacyOptions.idleTimeout = std::chrono::milliseconds(legacyConfig["idle_timeout_ms"].get<std::int64_t>());
  }
  if (config.contains("client_ca_file")) {
    legacyOptions.clientCaPem = apnsOptions.clientCaPem;
  }
  apns::FakeApnsLegacy fakeLegacy(runtime.context(), legacyOptions);
  for (const auto& device : config.value("devices", nlohmann::json::array())) {
    fakeLegacy.trackToken(device.value("token", ""));
  }

  const auto fcmConfig = config.value("fcm", nlohmann::json::object());
  fcm::FakeFcmOptions fcmOptions;
  fcmOptions.journal = &journal;
  fcmOptions.behaviour.acceptUnknownTokens = fcmConfig.value("accept_unknown_tokens", false);
  fcmOptions.behaviour.strictDataStrings = fcmConfig.value("strict_data_strings", true);
  fcmOptions.behaviour.projectId = fcmConfig.value("project_id", "");
  fcmOptions.tls = fcmConfig.value("tls", false);
  fcmOptions.authority = authority;
  if (fcmConfig.contains("rate_limit")) {
    fcmOptions.behaviour.tokenRateLimit = RateLimit::fromJson(fcmConfig["rate_limit"]);
  }
  fcm::FakeFcm fakeFcm(runtime.context(), fcmOptions);
  configureFcm(fakeFcm, fcmConfig);

  control::ControlPlane control({{"127.0.0.1", 0}, "fake-push", &journal});
  fakeApns.registerControlActions(control);
  fakeFcm.registerControlActions(control);
  fakeLegacy.registerControlActions(control);
  control.onReset([&] {
    fakeApns.reset();
    fakeLegacy.reset();
    fakeFcm.reset();
  });

  fakeApns.start();
  fakeFcm.start();
  fakeLegacy.start();
  control.start();
  if (!caOut.empty()) {
    authority->writeCaPem(caOut);
  }
  std::cout << nlohmann::json{{"apns_port", fakeApns.endpoint().port},
                              {"fcm_port", fakeFcm.endpoint().port},
                              {"control_port", control.endpoint().port},
                              {"ca", caOut},
                              {"apns_legacy_port", fakeLegacy.gatewayEndpoint().port},
                              {"apns_feedback_port", fakeLegacy.feedbackEndpoint().port}}
                   .dump()
            << std::endl;

  std::string line;
  while (std::getline(std::cin, line)) {
    if (line == "pushes") {
      for (const auto& record : fakeApns.pushes().records()) {
        std::cout << record->toJson().dump() << "\n";
      }
      for (const auto& record : fakeLegacy.pushes().records()) {
        std::cout << record->toJson().dump() << "\n";
      }
      for (const auto& record : fakeFcm.pushes().records()) {
        std::cout << record->toJson().dump() << "\n";
      }
      std::cout << nlohmann::json{{"end", true}}.dump() << std::endl;
    }
  }
  control.stop();
  fakeLegacy.stop();
  fakeFcm.stop();
  fakeApns.stop();
  runtime.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const OxhException& error) {
    std::cerr << error.error().describe() << "\n";
  } catch (const std::exception& error) {
    std::cerr << "oxh_fake_push: " << error.what() << "\n";
  }
  return 2;
}
