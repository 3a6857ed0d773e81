#include "runner/topology/scenario_stack.hpp"

#include <cstdio>
#include <sstream>
#include <functional>

#include "mock_apns_fcm/apns/fake_apns.hpp"
#include "mock_apns_fcm/fcm/fake_fcm.hpp"
#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_facade/facade/mobile_facade.hpp"
#include "mock_facade/fake_facade.hpp"
#include "mock_facade/notify/notify_receiver.hpp"
#include "common/clients/imap_client.hpp"
#include "runner/topology/pns_relay.hpp"
#include "runner/topology/topology_access.hpp"

namespace oxh::runner {

std::string deviceToken(std::uint64_t seed, const std::string& login) {
  std::mt19937_64 generator(seed ^ std::hash<std::string>{}(login));
  std::string token;
  char hex[17];
  for (int i = 0; i < 4; ++i) {
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(generator()));
    token += hex;
  }
  return token;
}

namespace {

void startNotifyReceiver(StepContext& context) {
  facade::NotifyReceiverOptions options;
  const auto found = context.scenario.topology.find("notify");
  if (found != context.scenario.topology.end()) {
    const auto& topology = found->second;
    if (auto listen = topology.endpoints.find("listen"); listen != topology.endpoints.end()) {
      auto parsed = net::HostPort::parse(listen->second);
      if (!parsed) {
        throw StepFailure("topology notify.listen must be host:port, got '" + listen->second + "'");
      }
      options.listen = *parsed;
    }
    auto option = [&](const char* key) -> std::optional<std::string> {
      auto it = topology.options.find(key);
      return it == topology.options.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    if (auto user = option("user")) {
      options.login = *user;
    }
    if (auto password = option("password")) {
      options.password = *password;
    }
    if (option("auth") == std::optional<std::string>("unconfigured")) {
      options.login.reset();
      options.password.reset();
    }
    if (auto status = option("status")) {
      options.status = std::stoi(*status);
    }
    if (auto retryAfter = option("retry_after")) {
      options.retryAfter = *retryAfter;
    }
  }
  // Accepted messageNew calls go on to the fake facade's PNS once it runs (start_facade_pns.cpp).
  context.pnsRelay = std::make_shared<PnsRelay>();
  options.onMessageNew = [relay = context.pnsRelay](const facade::NotifyMessageNew& event) { relay->deliver(event); };
  auto receiver = std::make_shared<facade::NotifyReceiver>(context.io.context(), context.journal, options);
  try {
    receiver->start();
  } catch (const std::exception& error) {
    throw StepFailure(std::string("cannot start the http-notify receiver: ") + error.what());
  }
  exportEndpoint(context, "notify", "listen", receiver->endpoint());
  context.vars.set("topology.notify.url", receiver->url(true));
  context.vars.set("topology.notify.url_noauth", receiver->url(false));
  context.notifyReceiver = std::move(receiver);
}

}  // namespace

void startTopology(StepContext& context) {
  const auto seed = context.random();
  for (const auto& user : context.scenario.users) {
    const std::string prefix = "users." + user.login + ".";
    context.vars.set(prefix + "login", user.login);
    context.vars.set(prefix + "password", user.password);
    context.vars.set(prefix + "email", user.email);
    context.vars.set(prefix + "user_id", std::to_string(user.userId));
    context.vars.set(prefix + "context_id", std::to_string(user.contextId));
    context.vars.set(prefix + "ox_user", std::to_string(user.userId) + "@" + std::to_string(user.contextId));
    context.vars.set("token." + user.login, deviceToken(seed, user.login));
  }
  context.vars.set("scenario.name", context.scenario.displayName());
  for (const auto& [component, topology] : context.scenario.topology) {
    if (topology.fake || component == "notify") {
      continue;
    }
    for (const auto& [name, address] : topology.endpoints) {
      auto parsed = net::HostPort::parse(address);
      if (!parsed) {
        throw StepFailure("topology " + component + "." + name + " must be host:port, got '" + address + "'");
      }
      exportEndpoint(context, component, name, *parsed);
    }
  }
  startNotifyReceiver(context);
  startFakeDovecot(context);
  startFakeApns(context);
  startFakeFcm(context);
  startFakeFacade(context);
  startMobileFacade(context);
  startFaultProxies(context);
}

void stopTopology(StepContext& context) {
  stopFaultProxies(context);
  for (auto& [name, client] : context.imapConnections) {
    client->close();
  }
  context.imapConnections.clear();
  if (context.mobileFacade) {
    context.mobileFacade->stop();  // it calls the App Suite below
  }
  if (context.pnsRelay) {
    context.pnsRelay->stop();  // its worker sends to the fakes below
  }
  if (context.fakeFacade) {
    context.fakeFacade->stop();
  }
  if (context.fakeDovecot) {
    context.fakeDovecot->stop();
  }
  if (context.fakeApns) {
    context.fakeApns->stop();
  }
  if (context.fakeFcm) {
    context.fakeFcm->stop();
  }
  if (context.notifyReceiver) {
    context.notifyReceiver->stop();
  }
}

}  // namespace oxh::runner
