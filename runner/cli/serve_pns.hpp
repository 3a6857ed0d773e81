#pragma once
// The fake middleware's PNS in `oxharness serve` (mock_facade/pns): /ajax/pns subscribe and
// unsubscribe on the fake App Suite, permanent listeners registered at the facade's IMAP server
// (the embedded fake Dovecot, or facade.imap) on `facade.nodes` middleware nodes that share the
// subscriptions, and Dovecot's http-notify messageNew calls handed to it. serve's push fakes
// stand in for Apple and Google towards a real middleware, so this PNS has no APNs/FCM sender:
// its pushes are journaled as pns.finding ("no sender").
//
// Control actions (loopback control plane):
//   GET  facade_listeners?node=N  text/plain: node N's listpushusers output (7.8's format)
//   POST facade_node_stop {"node": N, "crash": false} / facade_node_start {"node": N}: a node leaves
//        (crash: without unregistering at Dovecot) or rejoins;
//        its listeners are handed over (journaled as pns.node, pns.listener)
//   GET  facade_pns  the PNS state: subscriptions, listeners by node, nodes
// Thread: make and register from serve's main thread; the actions run on the control plane's.
#include <memory>

#include "common/control/control_plane.hpp"
#include "mock_facade/fake_facade.hpp"
#include "mock_facade/pns/pns_service.hpp"
#include "runner/cli/serve_config.hpp"

namespace oxh::runner::cli {

// Registers the /ajax/pns actions on `facade` (before it starts). Throws OxhException.
std::shared_ptr<facade::pns::PnsService> startServePns(const ServeConfig& config, facade::FakeFacade& facade,
                                                       const net::HostPort& imap, journal::Journal& journal);
void registerPnsControlActions(control::ControlPlane& control, std::shared_ptr<facade::pns::PnsService> pns);

}  // namespace oxh::runner::cli
