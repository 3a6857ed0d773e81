#include "mock_apns_fcm/push_fakes.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/control/control_plane.hpp"
#include "common/error/error.hpp"
#include "common/tls/certificate_authority.hpp"
#include "mock_apns_fcm/apns/fake_apns.hpp"
#include "mock_apns_fcm/apns_legacy/fake_apns_legacy.hpp"
#include "mock_apns_fcm/fcm/fake_fcm.hpp"

namespace oxh::push {

namespace {

using Json = nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& why) {
  throw OxhException(Error("oxh.config.push", path + ": " + why));
}

// A JSON object whose keys must be among `allowed`.
const Json& object(const Json& json, const std::string& path, const std::vector<std::string>& allowed) {
  if (!json.is_object()) {
    fail(path, "must be a mapping, got " + std::string(json.type_name()));
  }
  for (const auto& [key, value] : json.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail(path, "unknown key '" + key + "'");
    }
  }
  return json;
}

template <class T>
T field(const Json& json, const std::string& path, const std::string& key, T fallback) {
  if (!json.contains(key)) {
    return fallback;
  }
  try {
    return json.at(key).get<T>();
  } catch (const Json::exception&) {
    fail(path + "." + key, "has the wrong type (" + std::string(json.at(key).type_name()) + ")");
  }
}

net::HostPort address(const Json& json, const std::string& path, const std::string& key) {
  const auto text = field<std::string>(json, path, key, "127.0.0.1:0");
  const auto parsed = net::HostPort::parse(text);
  if (!parsed) {
    fail(path + "." + key, "wants host:port, got '" + text + "'");
  }
  return *parsed;
}

apns::Environment environment(const Json& json, const std::string& path, apns::Environment fallback) {
  const auto text = field<std::string>(json, path, "environment", std::string(apns::environmentName(fallback)));
  const auto parsed = apns::environmentFromName(text);
  if (!parsed) {
    fail(path + ".environment", "is sandbox or production, got '" + text + "'");
  }
  return *parsed;
}

RateLimit rateLimit(const Json& json, const std::string& path) {
  if (!json.contains("rate_limit")) {
    return {};
  }
  try {
    return RateLimit::fromJson(json["rate_limit"]);
  } catch (const OxhException& error) {
    fail(path + ".rate_limit", error.error().message());
  }
}

const Json& list(const Json& json, const std::string& path, const std::string& key) {
  static const Json kEmpty = Json::array();
  if (!json.contains(key)) {
    return kEmpty;
  }
  if (!json[key].is_array()) {
    fail(path + "." + key, "must be a list");
  }
  return json[key];
}

std::string readFile(const std::string& path, const std::string& where) {
  std::ifstream in(path);
  if (!in) {
    fail(where, "cannot read " + path);
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

struct PushFakes::Impl {
  std::unique_ptr<apns::FakeApns> apns;
  std::unique_ptr<apns::FakeApnsLegacy> legacy;
  std::unique_ptr<fcm::FakeFcm> fcm;
  std::vector<std::pair<std::string, apns::Environment>> legacyTokens;
};

PushFakes::PushFakes(boost::asio::io_context& context, PushFakesOptions options) : impl_(std::make_unique<Impl>()) {
  auto authority = options.authority ? options.authority : std::make_shared<tls::CertificateAuthority>();
  if (!options.apns.is_null()) {
    const std::string path = "apns";
    const auto& config = object(options.apns, path,
                                {"listen", "environment", "accept_unknown_tokens", "strict_token_length",
                                 "enforce_token_update_rate", "gate_streams", "rate_limit", "keys", "devices", "legacy"});
    const auto env = environment(config, path, apns::Environment::Sandbox);
    apns::FakeApnsOptions apnsOptions;
    apnsOptions.listen = address(config, path, "listen");
    apnsOptions.authority = authority;
    apnsOptions.journal = options.journal;
    apnsOptions.validation.defaultEnvironment = env;
    apnsOptions.validation.acceptUnknownTokens = field(config, path, "accept_unknown_tokens", false);
    apnsOptions.validation.strictTokenLength = field(config, path, "strict_token_length", false);
    apnsOptions.validation.enforceTokenUpdateRate = field(config, path, "enforce_token_update_rate", true);
    apnsOptions.validation.tokenRateLimit = rateLimit(config, path);
    apnsOptions.gateStreamsUntilToken = field(config, path, "gate_streams", true);
    impl_->apns = std::make_unique<apns::FakeApns>(context, apnsOptions);
    const auto& keys = list(config, path, "keys");
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const auto where = path + ".keys[" + std::to_string(i) + "]";
      const auto& key = object(keys[i], where, {"team_id", "key_id", "public_key_file", "public_key_pem", "topics"});
      apns::ProviderKey providerKey;
      providerKey.teamId = field<std::string>(key, where, "team_id", "");
      providerKey.keyId = field<std::string>(key, where, "key_id", "");
      providerKey.publicKeyPem = key.contains("public_key_file")
                                     ? readFile(field<std::string>(key, where, "public_key_file", ""), where)
                                     : field<std::string>(key, where, "public_key_pem", "");
      providerKey.topics = field(key, where, "topics", std::vector<std::string>{});
      if (providerKey.keyId.empty() || providerKey.teamId.empty() || providerKey.publicKeyPem.empty()) {
        fail(where, "needs team_id, key_id and public_key_file or public_key_pem");
      }
      impl_->apns->addKey(std::move(providerKey));
    }
    const auto& devices = list(config, path, "devices");
    for (std::size_t i = 0; i < devices.size(); ++i) {
      const auto where = path + ".devices[" + std::to_string(i) + "]";
      const auto& device = object(devices[i], where, {"token", "topic", "environment", "unregistered_since_ms"});
      const auto token = field<std::string>(device, where, "token", "");
      if (token.empty()) {
        fail(where, "needs a token");
      }
      const auto deviceEnv = environment(device, where, env);
      impl_->apns->addDevice(token, field<std::string>(device, where, "topic", ""), deviceEnv);
      if (device.contains("unregistered_since_ms")) {
        impl_->apns->unregisterDevice(token, std::chrono::system_clock::time_point(std::chrono::milliseconds(
                                                 field<std::int64_t>(device, where, "unregistered_since_ms", 0))));
      }
      impl_->legacyTokens.emplace_back(token, deviceEnv);
    }
    if (config.contains("legacy")) {
      const auto where = path + ".legacy";
      const auto& legacy = object(config["legacy"], where,
                                  {"gateway", "feedback", "environment", "accept_unknown_tokens",
                                   "require_environment_oid", "idle_timeout_ms"});
      apns::FakeApnsLegacyOptions legacyOptions;
      legacyOptions.gateway = address(legacy, where, "gateway");
      legacyOptions.feedback = address(legacy, where, "feedback");
      legacyOptions.authority = authority;
      legacyOptions.journal = options.journal;
      legacyOptions.devices = &impl_->apns->devices();
      legacyOptions.environment = environment(legacy, where, env);
      legacyOptions.acceptUnknownTokens =
          field(legacy, where, "accept_unknown_tokens", apnsOptions.validation.acceptUnknownTokens);
      legacyOptions.requireEnvironmentOid = field(legacy, where, "require_environment_oid", true);
      if (legacy.contains("idle_timeout_ms")) {
        legacyOptions.idleTimeout = std::chrono::milliseconds(field<std::int64_t>(legacy, where, "idle_timeout_ms", 0));
      }
      impl_->legacy = std::make_unique<apns::FakeApnsLegacy>(context, legacyOptions);
      for (const auto& [token, tokenEnv] : impl_->legacyTokens) {
        impl_->legacy->trackToken(token);
      }
    }
  }
  if (!options.fcm.is_null()) {
    const std::string path = "fcm";
    const auto& config = object(options.fcm, path,
                                {"listen", "tls", "project_id", "accept_unknown_tokens", "strict_data_strings",
                                 "rate_limit", "server_keys", "access_tokens", "devices"});
    fcm::FakeFcmOptions fcmOptions;
    fcmOptions.listen = address(config, path, "listen");
    fcmOptions.tls = field(config, path, "tls", true);
    fcmOptions.authority = authority;
    fcmOptions.journal = options.journal;
    fcmOptions.behaviour.projectId = field<std::string>(config, path, "project_id", "");
    fcmOptions.behaviour.acceptUnknownTokens = field(config, path, "accept_unknown_tokens", false);
    fcmOptions.behaviour.strictDataStrings = field(config, path, "strict_data_strings", true);
    fcmOptions.behaviour.tokenRateLimit = rateLimit(config, path);
    impl_->fcm = std::make_unique<fcm::FakeFcm>(context, fcmOptions);
    const auto& keys = list(config, path, "server_keys");
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const auto where = path + ".server_keys[" + std::to_string(i) + "]";
      const auto& key = object(keys[i], where, {"key", "sender"});
      impl_->fcm->addServerKey(field<std::string>(key, where, "key", ""), field<std::string>(key, where, "sender", ""));
    }
    for (const auto& token : field(config, path, "access_tokens", std::vector<std::string>{})) {
      impl_->fcm->addAccessToken(token);
    }
    const auto& devices = list(config, path, "devices");
    for (std::size_t i = 0; i < devices.size(); ++i) {
      const auto where = path + ".devices[" + std::to_string(i) + "]";
      const auto& device = object(devices[i], where, {"token", "sender", "registered", "canonical_id"});
      impl_->fcm->addDevice(field<std::string>(device, where, "token", ""), field<std::string>(device, where, "sender", ""),
                            field(device, where, "registered", true),
                            field<std::string>(device, where, "canonical_id", ""));
    }
  }
}

PushFakes::~PushFakes() { stop(); }

void PushFakes::registerControlActions(control::ControlPlane& control) {
  if (impl_->apns) {
    impl_->apns->registerControlActions(control);
  }
  if (impl_->legacy) {
    impl_->legacy->registerControlActions(control);
  }
  if (impl_->fcm) {
    impl_->fcm->registerControlActions(control);
  }
}

void PushFakes::start() {
  if (impl_->apns) {
    impl_->apns->start();
  }
  if (impl_->legacy) {
    impl_->legacy->start();
  }
  if (impl_->fcm) {
    impl_->fcm->start();
  }
}

void PushFakes::stop() {
  if (impl_->fcm) {
    impl_->fcm->stop();
  }
  if (impl_->legacy) {
    impl_->legacy->stop();
  }
  if (impl_->apns) {
    impl_->apns->stop();
  }
}

void PushFakes::reset() {
  if (impl_->apns) {
    impl_->apns->reset();
  }
  if (impl_->legacy) {
    impl_->legacy->reset();
  }
  if (impl_->fcm) {
    impl_->fcm->reset();
  }
}

std::vector<net::HostPort> PushFakes::endpoints() const {
  std::vector<net::HostPort> out;
  if (impl_->apns) {
    out.push_back(impl_->apns->endpoint());
  }
  if (impl_->legacy) {
    out.push_back(impl_->legacy->gatewayEndpoint());
    out.push_back(impl_->legacy->feedbackEndpoint());
  }
  if (impl_->fcm) {
    out.push_back(impl_->fcm->endpoint());
  }
  return out;
}

nlohmann::json PushFakes::describe() const {
  auto out = Json::object();
  if (impl_->apns) {
    out["apns"] = {{"listen", impl_->apns->endpoint().str()}};
    if (impl_->legacy) {
      out["apns"]["legacy_gateway"] = impl_->legacy->gatewayEndpoint().str();
      out["apns"]["legacy_feedback"] = impl_->legacy->feedbackEndpoint().str();
    }
  }
  if (impl_->fcm) {
    out["fcm"] = {{"listen", impl_->fcm->endpoint().str()}, {"url", impl_->fcm->baseUrl()}};
  }
  return out;
}

}  // namespace oxh::push
