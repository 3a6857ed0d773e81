#pragma once
// Internal to mobile_facade*.cpp: the facade's state and the App Suite calls (mobile_forward.cpp).
// Thread: sessions are guarded by sessionsMutex; the rest is immutable after start().
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/http1/message.hpp"
#include "common/http1/server.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_facade/facade/mobile_errors.hpp"
#include "mock_facade/facade/mobile_facade.hpp"

namespace oxh::facade::mobile {

// One facade session: what the middleware login gave back.
struct MobileSession {
  std::string appSuiteSession;
  std::string cookies;    // "name=value; name=value" from the login's Set-Cookie headers
  std::string userAgent;  // sent on every App Suite call (the secret cookie's hash covers it)
  std::int64_t userId = 0;
  std::int64_t contextId = 0;
};

struct MobileRequest {
  const http1::Request& http;
  UserAgent agent;
  std::string trackingId;
  RouteMatch match;
  std::map<std::string, std::string> vars;  // path variables over query parameters
};

struct MobileFacade::Impl {
  MobileFacadeOptions options;
  ClientVersion minimumClient;
  ServerVersion serverVersion;
  std::unique_ptr<journal::Journal> ownJournal;
  journal::Journal* journal = nullptr;
  std::unique_ptr<net::IoRuntime> runtime;
  std::unique_ptr<http1::Server> server;
  std::mutex sessionsMutex;
  std::map<std::string, MobileSession> sessions;  // by facade cookie value

  http1::Response handle(const http1::Request& request);
  http1::Response errorResponse(const std::string& code, const std::string& detail, int status,
                                const std::string& tracking);
  void journalEntry(const std::string& kind, std::string summary, nlohmann::json data);

  // mobile_forward.cpp
  http1::Response login(const MobileRequest& request);
  http1::Response forward(const MobileRequest& request, const MobileSession& session);
};

}  // namespace oxh::facade::mobile
