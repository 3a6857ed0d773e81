// `topology:` — per component, `fake` or the endpoints of a real build plus options.
#include <algorithm>
#include <array>
#include <charconv>

#include "runner/scenario/load_context.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {
namespace {

struct ComponentSchema {
  std::string_view name;
  std::vector<std::string> endpoints;
  std::vector<std::string> options;  // empty: any scalar option
  // The receivers a real build calls (notify: Dovecot's callback; apns/fcm: the middleware's
  // pushes) are always ours: their endpoints only say where they listen.
  bool alwaysFake;
};

const std::vector<ComponentSchema>& componentSchemas() {
  static const std::vector<ComponentSchema> schemas = {
      {"dovecot", {"imap", "imaps", "lmtp"}, {"push_driver", "metadata_networks", "profile", "capabilities", "passwd_file", "tls_min_version", "tls_certificate"}, false},
      {"notify", {"listen"}, {"user", "password", "status", "retry_after", "auth"}, true},
      {"facade", {"http", "https"}, {}, false},
      {"apns", {"listen"}, {"accept_unknown_tokens", "environment", "rate_limit", "tls_min_version", "tls_certificate"}, true},
      {"fcm", {"listen"}, {"accept_unknown_tokens", "rate_limit"}, true},
  };
  return schemas;
}

bool isPort(std::string_view text) {
  unsigned value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && text.size() <= 5 && ec == std::errc() && ptr == text.data() + text.size() && value <= 65535;
}

// "host:port", IPv6 hosts in brackets ("[::1]:143").
bool isHostPort(std::string_view text) {
  if (text.starts_with("[")) {
    const auto close = text.find(']');
    return close != std::string_view::npos && close > 1 && text.substr(close + 1, 1) == ":" &&
           isPort(text.substr(close + 2));
  }
  const auto colon = text.rfind(':');
  return colon != std::string_view::npos && colon > 0 && text.substr(0, colon).find(':') == std::string_view::npos &&
         isPort(text.substr(colon + 1));
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::optional<std::string> optionValue(const YAML::Node& value, const std::string& key, const Variables& variables,
                                       LoadContext& context) {
  if (!value.IsSequence()) {
    return staticScalar(value, key, variables, context.file(), context);
  }
  // A list option (dovecot capabilities) is kept as one space-separated string.
  std::string joined;
  for (const auto& item : value) {
    const auto text = staticScalar(item, key, variables, context.file(), context);
    if (!text) {
      return std::nullopt;
    }
    joined += (joined.empty() ? "" : " ") + *text;
  }
  return joined;
}

ComponentTopology loadComponent(const ComponentSchema& schema, const YAML::Node& value, const SourcePosition& where,
                                const Variables& variables, LoadContext& context) {
  ComponentTopology component;
  component.where = where;
  const std::string name(schema.name);
  if (!value.IsMap()) {
    if (!(value.IsScalar() && value.Scalar() == "fake")) {
      context.fail("oxh.scenario.wrong-type",
                   "component '" + name + "' must be 'fake' or a map of endpoints and options, got " +
                       describeNode(value),
                   positionOf(value, context.file(), where));
    }
    return component;
  }
  checkDuplicateKeys(value, context.file(), context);
  for (const auto& entry : value) {
    const std::string key = keyName(entry.first);
    const SourcePosition keyWhere = positionOf(entry.first, context.file(), where);
    if (contains(schema.endpoints, key)) {
      const auto address = staticScalar(entry.second, key, variables, context.file(), context);
      if (address && address->empty()) {
        continue;  // an endpoint left empty (`imap: "${backend_imap}"`, default "") is not given: the fake
      }
      if (address && !isHostPort(*address)) {
        context.fail("oxh.scenario.bad-address",
                     "'" + key + "' of component '" + name + "' must be host:port (IPv6 host in brackets), got '" +
                         *address + "'",
                     positionOf(entry.second, context.file(), keyWhere));
      } else if (address) {
        component.endpoints[key] = *address;
      }
    } else if (schema.options.empty() || contains(schema.options, key)) {
      if (auto option = optionValue(entry.second, key, variables, context)) {
        component.options[key] = std::move(*option);
      }
    } else {
      std::vector<std::string> candidates = schema.endpoints;
      candidates.insert(candidates.end(), schema.options.begin(), schema.options.end());
      context.fail("oxh.scenario.unknown-key",
                   "unknown key '" + key + "' for component '" + name + "'" + didYouMean(key, candidates), keyWhere);
    }
  }
  component.fake = schema.alwaysFake || component.endpoints.empty();
  return component;
}

}  // namespace

std::map<std::string, ComponentTopology> loadTopology(const YAML::Node& node, const Variables& variables,
                                                      LoadContext& context) {
  std::map<std::string, ComponentTopology> topology;
  if (!node.IsDefined() || node.IsNull()) {
    return topology;
  }
  if (!node.IsMap()) {
    context.fail("oxh.scenario.wrong-type", "'topology' must be a map of components, got " + describeNode(node),
                 positionOf(node, context.file()));
    return topology;
  }
  checkDuplicateKeys(node, context.file(), context);
  std::vector<std::string> known;
  for (const auto& schema : componentSchemas()) {
    known.emplace_back(schema.name);
  }
  known.emplace_back("proxies");
  for (const auto& entry : node) {
    const std::string name = keyName(entry.first);
    const SourcePosition where = positionOf(entry.first, context.file());
    if (name == "proxies") {
      loadProxies(entry.second, where, variables, context, topology);
      continue;
    }
    const auto schema = std::find_if(componentSchemas().begin(), componentSchemas().end(),
                                     [&](const ComponentSchema& s) { return s.name == name; });
    if (schema == componentSchemas().end()) {
      context.fail("oxh.scenario.unknown-component",
                   "unknown component '" + name + "' in topology" + didYouMean(name, known), where);
      continue;
    }
    topology[name] = loadComponent(*schema, entry.second, where, variables, context);
  }
  return topology;
}

}  // namespace oxh::runner
