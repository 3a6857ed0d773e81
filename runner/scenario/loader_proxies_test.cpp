// `topology.proxies` (load_proxies.cpp).
#include <gtest/gtest.h>

#include "runner/scenario/loader.hpp"
#include "runner/scenario/loader_test_support.hpp"

namespace oxh::runner {
namespace {

using testing::expectOneError;
using testing::load;

std::string withTopology(const std::string& topology) { return "name: x\ntopology:\n" + topology + "steps: []\n"; }

TEST(LoaderProxies, ComponentEndpointOrAddress) {
  const auto result = load(withTopology(
      "  proxies:\n"
      "    imap_link: {to: dovecot.imap}\n"
      "    lmtp-link: {to: \"127.0.0.1:10024\", listen: \"127.0.0.1:0\"}\n"));
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& topology = result.scenarios[0].topology;
  ASSERT_EQ(topology.size(), 2u);
  const auto& imap = topology.at("proxies.imap_link");
  EXPECT_TRUE(imap.fake);
  EXPECT_EQ(imap.options.at("to"), "dovecot.imap");
  EXPECT_TRUE(imap.endpoints.empty());
  EXPECT_EQ(imap.where, (SourcePosition{"s.yaml", 4, 5}));
  EXPECT_EQ(topology.at("proxies.lmtp-link").endpoints.at("listen"), "127.0.0.1:0");
}

TEST(LoaderProxies, Errors) {
  expectOneError(load(withTopology("  proxies: {p: {to: dovecot.imap, lisen: \"127.0.0.1:0\"}}\n")),
                 "oxh.scenario.unknown-key", 3, 35, "unknown key 'lisen' for proxy 'p' (did you mean 'listen'?)");
  expectOneError(load(withTopology("  proxies: {p: {listen: \"127.0.0.1:0\"}}\n")), "oxh.scenario.missing-field", 3, 13,
                 "proxy 'p' needs 'to' (component.endpoint or host:port)");
  expectOneError(load(withTopology("  proxies: {p: {to: dovecot}}\n")), "oxh.scenario.bad-address", 3, 21);
  expectOneError(load(withTopology("  proxies: {p: {to: \"127.0.0.1:99999\"}}\n")), "oxh.scenario.bad-address", 3, 21);
  expectOneError(load(withTopology("  proxies: {\"a b\": {to: dovecot.imap}}\n")), "oxh.scenario.bad-name", 3, 13);
  expectOneError(load(withTopology("  proxies: [p]\n")), "oxh.scenario.wrong-type", 3, 12);
  expectOneError(load(withTopology("  proxie: {p: {to: dovecot.imap}}\n")), "oxh.scenario.unknown-component", 3, 3,
                 "unknown component 'proxie' in topology (did you mean 'proxies'?)");
}

TEST(LoaderProxies, TlsTerminationAndProtocolOptions) {
  const auto result = load(withTopology(
      "  proxies:\n"
      "    edge: {to: apns.listen, tls: terminate, tls_hosts: [api.push.apple.com, localhost], alpn: [h2],\n"
      "           upstream_tls: true, upstream_server_name: api.push.apple.com, protocol: h2}\n"));
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& edge = result.scenarios[0].topology.at("proxies.edge");
  EXPECT_EQ(edge.options.at("tls"), "terminate");
  EXPECT_EQ(edge.options.at("tls_hosts"), "api.push.apple.com localhost");
  EXPECT_EQ(edge.options.at("upstream_tls"), "true");
  EXPECT_EQ(edge.options.at("protocol"), "h2");
  expectOneError(load(withTopology("  proxies: {p: {to: dovecot.imap, tls: yes}}\n")), "oxh.scenario.bad-value", 3, 40,
                 "proxy 'p': 'tls' is terminate or none, got 'yes'");
  expectOneError(load(withTopology("  proxies: {p: {to: dovecot.imap, protocol: http2}}\n")), "oxh.scenario.bad-value",
                 3, 45, "proxy 'p': 'protocol' is tcp, http1 or h2, got 'http2'");
  expectOneError(load(withTopology("  proxies: {p: {to: dovecot.imap, protocol: h2}}\n")), "oxh.scenario.bad-value", 3,
                 13, "proxy 'p': protocol h2 needs tls: terminate (ALPN h2 on both sides)");
}

}  // namespace
}  // namespace oxh::runner
