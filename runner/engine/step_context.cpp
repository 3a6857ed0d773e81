#include "runner/engine/step_context.hpp"

#include <algorithm>

#include "mock_apns_fcm/apns/fake_apns.hpp"
#include "mock_apns_fcm/fcm/fake_fcm.hpp"
#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_facade/notify/notify_receiver.hpp"
#include "common/clients/imap_client.hpp"

namespace oxh::runner {

StepContext::StepContext(const Scenario& scenarioIn, journal::Journal& journalIn, net::IoRuntime& ioIn,
                         Variables& variables, journal::Clock::time_point deadlineIn, std::uint64_t seed)
    : scenario(scenarioIn), journal(journalIn), io(ioIn), vars(variables), deadline(deadlineIn), random(seed) {}

StepContext::~StepContext() = default;

namespace {
std::string stepName(const Step* step) { return step ? step->kind : std::string("step"); }
}  // namespace

bool StepContext::has(const std::string& key) const {
  return args.IsMap() && args[key] && !args[key].IsNull();
}

std::string StepContext::text(const std::string& key, const std::string& fallback) const {
  if (!has(key)) {
    return fallback;
  }
  if (!args[key].IsScalar()) {
    throw StepFailure("'" + key + "' of step '" + stepName(step) + "' must be a single value");
  }
  return args[key].as<std::string>();
}

std::string StepContext::requiredText(const std::string& key) const {
  if (!has(key)) {
    throw StepFailure("step '" + stepName(step) + "' needs '" + key + "'");
  }
  return text(key, {});
}

std::int64_t StepContext::integer(const std::string& key, std::int64_t fallback) const {
  if (!has(key)) {
    return fallback;
  }
  const auto value = text(key, {});
  try {
    std::size_t used = 0;
    const auto parsed = std::stoll(value, &used);
    if (used == value.size()) {
      return parsed;
    }
  } catch (...) {
  }
  throw StepFailure("'" + key + "' of step '" + stepName(step) + "' must be an integer, got '" + value + "'");
}

bool StepContext::flag(const std::string& key, bool fallback) const {
  if (!has(key)) {
    return fallback;
  }
  const auto value = text(key, {});
  if (value == "true" || value == "yes" || value == "on") {
    return true;
  }
  if (value == "false" || value == "no" || value == "off") {
    return false;
  }
  throw StepFailure("'" + key + "' of step '" + stepName(step) + "' must be true or false, got '" + value + "'");
}

std::optional<Duration> StepContext::duration(const std::string& key) const {
  if (!has(key)) {
    return std::nullopt;
  }
  const auto value = text(key, {});
  auto parsed = parseDuration(value);
  if (!parsed) {
    throw StepFailure("'" + key + "' of step '" + stepName(step) + "' must be a duration like 2s, got '" + value + "'");
  }
  return parsed;
}

journal::Clock::time_point StepContext::deadlineFor(std::optional<Duration> within) const {
  const auto wanted = journal::Clock::now() +
                      (within ? std::chrono::duration_cast<journal::Clock::duration>(*within)
                              : std::chrono::duration_cast<journal::Clock::duration>(kDefaultStepTimeout));
  return std::min(wanted, deadline);
}

net::HostPort StepContext::endpoint(const std::string& component, const std::string& name) const {
  auto byComponent = endpoints_.find(component);
  if (byComponent != endpoints_.end()) {
    auto found = byComponent->second.find(name);
    if (found != byComponent->second.end()) {
      return found->second;
    }
  }
  throw StepFailure("the topology has no " + component + " " + name +
                    " endpoint (add `topology: {" + component + ": {" + name + ": \"host:port\"}}`)");
}

void StepContext::setEndpoint(const std::string& component, const std::string& name, const net::HostPort& address) {
  endpoints_[component][name] = address;
}

const User* StepContext::findUser(const std::string& loginOrEmail) const {
  for (const auto& candidate : scenario.users) {
    if (candidate.login == loginOrEmail || candidate.email == loginOrEmail) {
      return &candidate;
    }
  }
  return nullptr;
}

const User& StepContext::user(const std::string& login) const {
  if (const auto* found = findUser(login)) {
    return *found;
  }
  throw StepFailure("no user '" + login + "' in the scenario's users");
}

imap::ImapClient& StepContext::imapConnection(const std::string& name) {
  auto found = imapConnections.find(name);
  if (found == imapConnections.end()) {
    throw StepFailure("no IMAP connection named '" + name + "' (open it with imap.connect first)");
  }
  return *found->second;
}

void StepContext::save(const YAML::Node& saveSpec, const nlohmann::json& value) {
  if (!saveSpec || !saveSpec.IsMap()) {
    return;
  }
  for (const auto& item : saveSpec) {
    const auto name = item.first.as<std::string>();
    const auto path = item.second.as<std::string>();
    const auto found = jsonAtPath(value, path);
    if (!found) {
      throw StepFailure("save: nothing at '" + path + "' to save as '" + name + "'");
    }
    vars.set(name, found->is_string() ? found->get<std::string>() : found->dump());
  }
}

std::optional<nlohmann::json> jsonAtPath(const nlohmann::json& value, const std::string& path) {
  const nlohmann::json* current = &value;
  std::size_t start = 0;
  while (start <= path.size() && !path.empty()) {
    const auto dot = path.find('.', start);
    const auto part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (current->is_object()) {
      auto found = current->find(part);
      if (found == current->end()) {
        return std::nullopt;
      }
      current = &*found;
    } else if (current->is_array() && !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit)) {
      const auto index = std::stoul(part);
      if (index >= current->size()) {
        return std::nullopt;
      }
      current = &(*current)[index];
    } else {
      return std::nullopt;
    }
    if (dot == std::string::npos) {
      break;
    }
    start = dot + 1;
  }
  return *current;
}

nlohmann::json yamlToJson(const YAML::Node& node) {
  if (!node || node.IsNull()) {
    return nullptr;
  }
  if (node.IsMap()) {
    auto out = nlohmann::json::object();
    for (const auto& item : node) {
      out[item.first.as<std::string>()] = yamlToJson(item.second);
    }
    return out;
  }
  if (node.IsSequence()) {
    auto out = nlohmann::json::array();
    for (const auto& item : node) {
      out.push_back(yamlToJson(item));
    }
    return out;
  }
  const auto text = node.as<std::string>();
  if (node.Tag() == "!") {  // quoted in the YAML source: always a string
    return text;
  }
  if (text == "true" || text == "false") {
    return text == "true";
  }
  if (text == "null" || text == "~") {
    return nullptr;
  }
  try {
    std::size_t used = 0;
    const auto integer = std::stoll(text, &used);
    if (used == text.size()) {
      return integer;
    }
    const auto real = std::stod(text, &used);
    if (used == text.size()) {
      return real;
    }
  } catch (...) {
  }
  return text;
}

namespace {
std::string scalarText(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}
}  // namespace

bool jsonSubset(const nlohmann::json& expected, const nlohmann::json& actual, std::string& where) {
  if (expected.is_object()) {
    if (!actual.is_object()) {
      return false;
    }
    for (const auto& [key, value] : expected.items()) {
      auto found = actual.find(key);
      if (found == actual.end()) {
        where = key + " (missing)";
        return false;
      }
      std::string inner;
      if (!jsonSubset(value, *found, inner)) {
        where = key + (inner.empty() ? "" : "." + inner);
        return false;
      }
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() < expected.size()) {
      return false;
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string inner;
      if (!jsonSubset(expected[i], actual[i], inner)) {
        where = std::to_string(i) + (inner.empty() ? "" : "." + inner);
        return false;
      }
    }
    return true;
  }
  if (expected.is_null()) {
    return actual.is_null();
  }
  // Types matter: Dovecot sends "imap-uid":5, and "5" would be a bug worth catching.
  if (expected.is_number() && actual.is_number()) {
    return expected.get<double>() == actual.get<double>();
  }
  if (expected.type() != actual.type()) {
    where = std::string();
    return false;
  }
  return scalarText(expected) == scalarText(actual);
}

}  // namespace oxh::runner
