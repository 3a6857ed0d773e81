#pragma once
// The admin API every fake serves (DESIGN.md §4 "Control plane"): /_oxh/control/<action> on a
// loopback-only HTTP/1.1 listener. Built in: GET ready, POST reset, GET journal (long poll),
// GET state; fakes add their own (inject, arm_fault) with registerAction().
//
// The control plane runs on its own io threads (kControlThreads), not the fake's: a journal
// long poll blocks its handler thread, and must not stall the fake whose entries it waits for.
// Control requests are not journaled (they would feed the long poll its own traffic).
// Thread: register callbacks and actions before start(); start()/stop()/endpoint() from the
// owning thread. Callbacks run on control threads and must be thread-safe.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "common/http1/message.hpp"
#include "common/http1/server.hpp"
#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"

namespace oxh::net {
class IoRuntime;
}  // namespace oxh::net

namespace oxh::control {

inline constexpr const char* kControlPrefix = "/_oxh/control/";
inline constexpr unsigned kControlThreads = 4;

struct ControlPlaneOptions {
  net::HostPort listen{"127.0.0.1", 0};  // must be a loopback address
  std::string component;                 // reported by ready/state, e.g. "fake-dovecot"
  journal::Journal* journal = nullptr;   // not owned; must outlive the ControlPlane
};

class ControlPlane {
 public:
  // Throws OxhException [oxh.control.not-loopback] when options.listen is not loopback.
  explicit ControlPlane(ControlPlaneOptions options);
  ~ControlPlane();  // stops and joins the control threads
  ControlPlane(const ControlPlane&) = delete;
  ControlPlane& operator=(const ControlPlane&) = delete;

  // POST reset: this runs first, then the journal is cleared.
  void onReset(std::function<void()> reset);
  // GET state: this callback's JSON (default: {"component": ...}).
  void onState(std::function<nlohmann::json()> state);
  // GET ready: 200 {"ready":true} when this returns true (default: always), else 503.
  void onReady(std::function<bool()> ready);
  // Serves METHOD /_oxh/control/<name>; throws [oxh.control.started] after start().
  void registerAction(const std::string& name, const std::string& method, http1::Handler handler);

  // Binds and serves; throws [oxh.net.listen] when the address is taken.
  void start();
  void stop();
  [[nodiscard]] net::HostPort endpoint() const;
  [[nodiscard]] std::string baseUrl() const;  // "http://127.0.0.1:port/_oxh/control/"

 private:
  http1::Response ready() const;
  http1::Response reset();
  http1::Response journal(const http1::Request& request) const;
  http1::Response state() const;

  ControlPlaneOptions options_;
  std::function<void()> reset_;
  std::function<nlohmann::json()> state_;
  std::function<bool()> ready_;
  http1::Router router_;
  std::unique_ptr<net::IoRuntime> runtime_;
  std::unique_ptr<http1::Server> server_;
};

}  // namespace oxh::control
