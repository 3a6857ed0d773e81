// `topology: {proxies: {NAME: {to: dovecot.imap, listen: "127.0.0.1:0"}}}`: fault proxies
// (runner/faults) in front of a component's endpoint or any host:port. Each becomes the
// topology entry "proxies.NAME" (always embedded: `fake`), with option `to` and, when
// given, endpoint `listen`.
#include <algorithm>
#include <cctype>

#include "common/net/endpoint.hpp"
#include "runner/scenario/load_context.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {

namespace {

bool isProxyName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
  });
}

// "component.endpoint" (resolved when the scenario starts) or "host:port".
bool isProxyTarget(const std::string& to) {
  const auto dot = to.find('.');
  if (to.find(':') == std::string::npos) {
    return dot != std::string::npos && dot > 0 && dot + 1 < to.size() && to.find('.', dot + 1) == std::string::npos;
  }
  return net::HostPort::parse(to).has_value();
}

}  // namespace

void loadProxies(const YAML::Node& node, const SourcePosition& where, const Variables& variables,
                 LoadContext& context, std::map<std::string, ComponentTopology>& topology) {
  if (!node.IsMap()) {
    context.fail("oxh.scenario.wrong-type", "'proxies' must be a map of proxy names, got " + describeNode(node),
                 positionOf(node, context.file(), where));
    return;
  }
  checkDuplicateKeys(node, context.file(), context);
  for (const auto& entry : node) {
    const std::string name = keyName(entry.first);
    const SourcePosition nameWhere = positionOf(entry.first, context.file(), where);
    if (!isProxyName(name)) {
      context.fail("oxh.scenario.bad-name", "proxy name '" + name + "' may hold letters, digits, '_' and '-' only",
                   nameWhere);
      continue;
    }
    if (!entry.second.IsMap()) {
      context.fail("oxh.scenario.wrong-type",
                   "proxy '" + name + "' must be a map with 'to' (and optionally 'listen'), got " +
                       describeNode(entry.second),
                   positionOf(entry.second, context.file(), nameWhere));
      continue;
    }
    checkDuplicateKeys(entry.second, context.file(), context);
    ComponentTopology proxy;
    proxy.fake = true;
    proxy.where = nameWhere;
    for (const auto& field : entry.second) {
      const std::string key = keyName(field.first);
      const SourcePosition keyWhere = positionOf(field.first, context.file(), nameWhere);
      const auto value = (key == "to" || key == "listen") ? staticScalar(field.second, key, variables, context.file(), context)
                                                          : std::nullopt;
      if (key == "to") {
        if (value && !isProxyTarget(*value)) {
          context.fail("oxh.scenario.bad-address",
                       "proxy '" + name + "': 'to' must be component.endpoint (dovecot.imap) or host:port, got '" +
                           *value + "'",
                       positionOf(field.second, context.file(), keyWhere));
        } else if (value) {
          proxy.options["to"] = *value;
        }
      } else if (key == "listen") {
        if (value && !net::HostPort::parse(*value)) {
          context.fail("oxh.scenario.bad-address", "proxy '" + name + "': 'listen' must be host:port, got '" + *value + "'",
                       positionOf(field.second, context.file(), keyWhere));
        } else if (value) {
          proxy.endpoints["listen"] = *value;
        }
      } else {
        context.fail("oxh.scenario.unknown-key",
                     "unknown key '" + key + "' for proxy '" + name + "'" + didYouMean(key, {"to", "listen"}), keyWhere);
      }
    }
    if (!entry.second["to"].IsDefined()) {
      context.fail("oxh.scenario.missing-field", "proxy '" + name + "' needs 'to' (component.endpoint or host:port)",
                   nameWhere);
      continue;
    }
    topology["proxies." + name] = std::move(proxy);
  }
}

}  // namespace oxh::runner
