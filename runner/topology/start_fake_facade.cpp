// The embedded fake App Suite middleware (/ajax), started when a scenario's topology names
// `facade` or its steps use `facade.*`. It keeps all mail in the scenario's Dovecot (the fake,
// or the real one the topology names) and delivers sent mail to local users over its LMTP.
// A real build instead: `facade: {url: "http://host:port"}` (or `{http: host:port}`).
// Either way ${topology.facade.url} is the base URL http.request steps put /ajax/... after.
// Topology options of the fake: listen (host:port), tls (true: HTTPS with a generated CA,
// published as ${topology.facade.ca_pem}), flagging (the default mode for users without one;
// the middleware's default is colorOnly), body_limit (bytes), server_version (reported at
// /ajax/apps/manifests?action=config; default 7.10.6-Rev30), and deliberate TLS misbehaviour
// tls_min_version / tls_certificate (expired | wrong_host), which imply tls and are journaled
// as the finding oxh.tls.insecure.
// Per user (scenario `users:`): flagging, and the extra keys flagging_color and timezone.
#include "common/tls/certificate_authority.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_facade/fake_facade.hpp"
#include "runner/topology/pns_relay.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

namespace {

facade::FacadeUser facadeUser(const User& user, const std::string& defaultFlagging) {
  facade::FacadeUser out;
  out.login = user.login;
  out.password = user.password;
  out.userId = user.userId;
  out.contextId = user.contextId;
  out.email = user.email;
  out.flagging = user.flagging.empty() ? defaultFlagging : user.flagging;
  if (auto color = user.extra.find("flagging_color"); color != user.extra.end()) {
    try {
      out.defaultColor = std::stoi(color->second);
    } catch (const std::exception&) {
      throw StepFailure("user " + user.login + ": flagging_color must be 1..10, got '" + color->second + "'");
    }
  }
  if (auto zone = user.extra.find("timezone"); zone != user.extra.end()) {
    out.timeZone = zone->second;
  }
  return out;
}

}  // namespace

void startFakeFacade(StepContext& context) {
  if (!scenarioUses(context.scenario, "facade", {"facade."}) && context.scenario.topology.count("mobile_facade") == 0) {
    return;
  }
  const auto found = context.scenario.topology.find("facade");
  if (found != context.scenario.topology.end()) {
    if (auto url = topologyOption(context.scenario, "facade", "url")) {
      context.vars.set("topology.facade.url", *url);  // a real middleware or facade build
      return;
    }
    if (!found->second.fake) {
      for (const char* scheme : {"https", "http"}) {
        if (auto endpoint = found->second.endpoints.find(scheme); endpoint != found->second.endpoints.end()) {
          context.vars.set("topology.facade.url", std::string(scheme) + "://" + endpoint->second);
          return;
        }
      }
    }
  }
  facade::FakeFacadeOptions options;
  if (auto listen = topologyOption(context.scenario, "facade", "listen")) {
    auto parsed = net::HostPort::parse(*listen);
    if (!parsed) {
      throw StepFailure("topology facade.listen must be host:port, got '" + *listen + "'");
    }
    options.listen = *parsed;
  }
  std::shared_ptr<tls::CertificateAuthority> authority;
  const auto misbehaviour = readTlsMisbehaviour(context, "facade", "facade.http", "HTTPS");
  const bool misbehaves = !misbehaviour.minVersion.empty() || misbehaviour.expiredCertificate ||
                          !misbehaviour.hostNames.empty();
  options.tlsMinVersion = misbehaviour.minVersion;
  options.tlsExpiredCertificate = misbehaviour.expiredCertificate;
  options.tlsHostNames = misbehaviour.hostNames;
  if (auto version = topologyOption(context.scenario, "facade", "server_version")) {
    options.serverVersion = *version;
  }
  if (misbehaves || topologyOption(context.scenario, "facade", "tls") == std::optional<std::string>("true")) {
    authority = std::make_shared<tls::CertificateAuthority>();
    options.tls = std::make_shared<tls::TlsPolicy>();  // floor TLS 1.2 (the OX Mail app's requirement)
    options.authority = authority;
  }
  if (auto limit = topologyOption(context.scenario, "facade", "body_limit")) {
    try {
      options.bodyLimit = std::stoull(*limit);
    } catch (const std::exception&) {
      throw StepFailure("topology facade.body_limit must be a number of bytes, got '" + *limit + "'");
    }
  }
  const std::string defaultFlagging = topologyOption(context.scenario, "facade", "flagging").value_or("colorOnly");
  for (const auto& user : context.scenario.users) {
    options.users.push_back(facadeUser(user, defaultFlagging));
  }
  options.imap = context.endpoint("dovecot", "imap");
  try {
    options.lmtp = context.endpoint("dovecot", "lmtp");
  } catch (const StepFailure&) {
    options.lmtp.reset();  // no LMTP: sent mail only goes to Sent
  }
  options.journal = &context.journal;
  auto fake = std::make_shared<facade::FakeFacade>(options);
  startFacadePns(context, *fake, options.users);
  try {
    fake->start();
  } catch (const std::exception& error) {
    throw StepFailure(std::string("cannot start the fake facade: ") + error.what());
  }
  exportEndpoint(context, "facade", authority ? "https" : "http", fake->endpoint());
  context.vars.set("topology.facade.url", fake->url());
  if (authority) {
    context.vars.set("topology.facade.ca_pem", authority->caPem());
  }
  context.fakeFacade = std::move(fake);
}

}  // namespace oxh::runner
