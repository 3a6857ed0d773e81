#include "common/control/control_plane.hpp"

#include <algorithm>
#include <charconv>

#include "common/error/error.hpp"
#include "common/http1/query.hpp"
#include "common/net/io_runtime.hpp"
#include "common/net/tcp_listener.hpp"
#include "common/net/timeouts.hpp"

namespace oxh::control {

namespace {

std::uint64_t numberParam(const http1::QueryList& query, std::string_view name, std::uint64_t fallback) {
  const auto text = http1::queryParam(query, name);
  if (!text) {
    return fallback;
  }
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size()) {
    throw OxhException(Error("oxh.control.bad-param", std::string(name) + "='" + *text + "' is not a number"));
  }
  return value;
}

}  // namespace

ControlPlane::ControlPlane(ControlPlaneOptions options) : options_(std::move(options)) {
  // The control plane can reset state and inject events; it must not be reachable from
  // outside the machine.
  if (!net::isLoopback(options_.listen.host)) {
    throw OxhException(Error("oxh.control.not-loopback",
                             "control plane must listen on a loopback address, not " + options_.listen.str()));
  }
  router_.add("GET", std::string(kControlPrefix) + "ready", [this](const http1::Request&) { return ready(); });
  router_.add("POST", std::string(kControlPrefix) + "reset", [this](const http1::Request&) { return reset(); });
  router_.add("GET", std::string(kControlPrefix) + "journal",
              [this](const http1::Request& request) { return journal(request); });
  router_.add("GET", std::string(kControlPrefix) + "state", [this](const http1::Request&) { return state(); });
}

ControlPlane::~ControlPlane() { stop(); }

void ControlPlane::onReset(std::function<void()> reset) { reset_ = std::move(reset); }
void ControlPlane::onState(std::function<nlohmann::json()> state) { state_ = std::move(state); }
void ControlPlane::onReady(std::function<bool()> ready) { ready_ = std::move(ready); }

void ControlPlane::registerAction(const std::string& name, const std::string& method, http1::Handler handler) {
  if (server_) {
    throw OxhException(Error("oxh.control.started", "register control action '" + name + "' before start()"));
  }
  router_.add(method, std::string(kControlPrefix) + name, std::move(handler));
}

void ControlPlane::start() {
  if (server_) {
    return;
  }
  runtime_ = std::make_unique<net::IoRuntime>(kControlThreads);
  http1::ServerOptions options;
  options.listen = options_.listen;
  options.component = options_.component + ".control";
  options.journal = nullptr;
  server_ = std::make_unique<http1::Server>(runtime_->context(), options, router_.handler());
  server_->start();
}

void ControlPlane::stop() {
  if (server_) {
    server_->stop();
  }
  if (runtime_) {
    runtime_->stop();  // joins: no handler of ours runs after this
  }
}

net::HostPort ControlPlane::endpoint() const { return server_ ? server_->endpoint() : options_.listen; }

std::string ControlPlane::baseUrl() const { return "http://" + endpoint().str() + kControlPrefix; }

http1::Response ControlPlane::ready() const {
  const bool ready = !ready_ || ready_();
  return http1::Response::json(ready ? 200 : 503, {{"ready", ready}, {"component", options_.component}});
}

http1::Response ControlPlane::reset() {
  if (reset_) {
    reset_();
  }
  if (options_.journal != nullptr) {
    options_.journal->clear();
  }
  return http1::Response::json(200, {{"reset", true}, {"component", options_.component}});
}

http1::Response ControlPlane::state() const {
  nlohmann::json body = state_ ? state_() : nlohmann::json::object();
  if (body.is_object() && !body.contains("component")) {
    body["component"] = options_.component;
  }
  return http1::Response::json(200, body);
}

http1::Response ControlPlane::journal(const http1::Request& request) const {
  if (options_.journal == nullptr) {
    return http1::Response::json(404, {{"error", "this component has no journal"}});
  }
  auto& journal = *options_.journal;
  const auto query = http1::parseQuery(request.query());
  std::uint64_t after = 0;
  std::chrono::milliseconds wait{0};
  try {
    after = numberParam(query, "after", 0);
    wait = std::min(std::chrono::milliseconds(numberParam(query, "wait", 0)), net::kMaxLongPoll);
  } catch (const OxhException& error) {
    return http1::Response::json(400, {{"error", error.error().describe()}});
  }
  const auto component = http1::queryParam(query, "component");
  const auto kind = http1::queryParam(query, "kind");
  // After a reset sequence numbers restart at 1; a poller still holding an old "after" would
  // otherwise wait for entries that already arrived.
  if (after > journal.lastSeq()) {
    after = 0;
  }
  const auto deadline = journal::Clock::now() + wait;
  std::uint64_t last = after;
  auto entries = nlohmann::json::array();
  for (;;) {
    const auto remaining = std::max(journal::Clock::duration::zero(), deadline - journal::Clock::now());
    for (const auto& entry : journal.waitAfter(last, remaining)) {
      last = std::max(last, entry.seq);
      if ((!component || entry.component == *component) && (!kind || entry.kind == *kind)) {
        entries.push_back(journal.toJson(entry));
      }
    }
    if (!entries.empty() || journal::Clock::now() >= deadline) {
      break;
    }
  }
  return http1::Response::json(200, {{"entries", entries}, {"last", last}});
}

}  // namespace oxh::control
