// `topology: {proxies: {NAME: {to: dovecot.imap, listen: "127.0.0.1:0"}}}`: fault proxies
// (runner/faults) in front of a component's endpoint or any host:port. Each becomes the
// topology entry "proxies.NAME" (always embedded: `fake`), with option `to` and, when
// given, endpoint `listen`. TLS termination and the protocol layer are options too:
// `tls: terminate`, `tls_hosts`, `tls_min_version`, `alpn` (lists: a YAML list or words),
// `upstream_tls`, `upstream_ca` (a PEM file, relative to the scenario), `upstream_server_name`,
// `protocol: tcp|http1|h2` (h2 needs tls: terminate).
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

const std::vector<std::string>& proxyKeys() {
  static const std::vector<std::string> keys = {"to",  "listen", "tls", "tls_hosts", "tls_min_version", "alpn",
                                                "upstream_tls", "upstream_ca", "upstream_server_name", "protocol"};
  return keys;
}


// "" when `value` suits `key`, otherwise what it must be.
std::string checkProxyOption(const std::string& key, const std::string& value) {
  if (key == "tls" && value != "terminate" && value != "none") {
    return "'tls' is terminate or none";
  }
  if (key == "upstream_tls" && value != "true" && value != "false") {
    return "'upstream_tls' is true or false";
  }
  if (key == "protocol" && value != "tcp" && value != "http1" && value != "h2") {
    return "'protocol' is tcp, http1 or h2";
  }
  if (key == "tls_min_version" && value != "TLSv1" && value != "TLSv1.1" && value != "TLSv1.2" && value != "TLSv1.3") {
    return "'tls_min_version' is TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3";
  }
  return "";
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
      const bool known = std::find(proxyKeys().begin(), proxyKeys().end(), key) != proxyKeys().end();
      const auto value = known ? scalarOrJoinedList(field.second, key, variables, context) : std::nullopt;
      if (key != "to" && key != "listen" && known) {
        if (!value) {
          continue;
        }
        if (const auto want = checkProxyOption(key, *value); !want.empty()) {
          context.fail("oxh.scenario.bad-value", "proxy '" + name + "': " + want + ", got '" + *value + "'",
                       positionOf(field.second, context.file(), keyWhere));
        } else {
          proxy.options[key] = *value;
        }
      } else if (key == "to") {
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
                     "unknown key '" + key + "' for proxy '" + name + "'" + didYouMean(key, proxyKeys()), keyWhere);
      }
    }
    if (!entry.second["to"].IsDefined()) {
      context.fail("oxh.scenario.missing-field", "proxy '" + name + "' needs 'to' (component.endpoint or host:port)",
                   nameWhere);
      continue;
    }
    const bool terminate = proxy.options.count("tls") != 0 && proxy.options["tls"] == "terminate";
    if (!terminate && proxy.options.count("protocol") != 0 && proxy.options["protocol"] == "h2") {
      context.fail("oxh.scenario.bad-value", "proxy '" + name + "': protocol h2 needs tls: terminate (ALPN h2 on both sides)",
                   nameWhere);
    }
    topology["proxies." + name] = std::move(proxy);
  }
}

}  // namespace oxh::runner
