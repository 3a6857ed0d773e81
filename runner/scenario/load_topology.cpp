// `topology:` — per component, `fake` or the endpoints of a real build plus options.
#include <algorithm>
#include <array>
#include <charconv>
#include <tuple>

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
      {"mobile_facade", {"http", "https"}, {"listen", "tls", "profile", "min_client_version", "server_version"}, false},
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

// "7", "7.8", "7.8.4": dot-separated numbers, `minParts` to 3 of them.
bool isDottedNumbers(std::string_view text, int minParts) {
  int parts = 0;
  std::size_t start = 0;
  for (;;) {
    const auto dot = text.find('.', start);
    const auto part = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || ptr != part.data() + part.size()) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) {
      return parts >= minParts && parts <= 3;
    }
    start = dot + 1;
  }
}

// Value checks for options whose mistakes should be caught before anything runs; empty when fine.
std::string optionError(const std::string& component, const std::string& key, const std::string& value) {
  if (component == "facade" && key == "nodes") {
    unsigned nodes = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), nodes);
    return ec == std::errc() && ptr == value.data() + value.size() && nodes >= 1 && nodes <= 32
               ? std::string()
               : "facade.nodes must be a number of middleware nodes from 1 to 32, got '" + value + "'";
  }
  if (component != "mobile_facade") {
    return {};
  }
  if (key == "tls" && value != "true" && value != "false") {
    return "mobile_facade.tls must be true or false, got '" + value + "'";
  }
  if (key == "min_client_version") {
    // The app's semver: 2 or 3 numbers, then an optional -prerelease and +build.
    const auto core = std::string_view(value).substr(0, value.find_first_of("-+"));
    if (!isDottedNumbers(core, 2)) {
      return "mobile_facade.min_client_version must be a semantic version like 1.2.0, got '" + value + "'";
    }
  }
  if (key == "server_version") {
    // App Suite's form, at least the OX Mail v2 app's minimum 7.8.4-rev22.
    const auto dash = value.find('-');
    const auto core = std::string_view(value).substr(0, dash);
    int revision = 0;
    bool ok = isDottedNumbers(core, 3);
    if (ok && dash != std::string::npos) {
      const auto rev = std::string_view(value).substr(dash + 1);
      ok = rev.size() > 3 && (rev.substr(0, 3) == "rev" || rev.substr(0, 3) == "Rev") &&
           std::from_chars(rev.data() + 3, rev.data() + rev.size(), revision).ptr == rev.data() + rev.size();
    }
    std::array<unsigned, 3> numbers{};
    if (ok) {
      std::size_t start = 0;
      for (auto& number : numbers) {
        const auto end = core.find('.', start);
        std::from_chars(core.data() + start, core.data() + (end == std::string_view::npos ? core.size() : end), number);
        start = end == std::string_view::npos ? core.size() : end + 1;
      }
    }
    const bool oldEnough = ok && std::make_tuple(numbers[0], numbers[1], numbers[2], revision) >=
                                     std::make_tuple(7u, 8u, 4u, 22);
    if (!oldEnough) {
      return "mobile_facade.server_version must be like 7.8.4-rev22 and at least 7.8.4-rev22, got '" + value + "'";
    }
  }
  return {};
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
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
      if (auto option = scalarOrJoinedList(entry.second, key, variables, context)) {
        if (const auto why = optionError(name, key, *option); !why.empty()) {
          context.fail("oxh.scenario.bad-option", why, positionOf(entry.second, context.file(), keyWhere));
        }
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
