#pragma once
// The fake App Suite's /ajax front door: `/ajax/<module>?action=<action>&session=<id>&...`.
// It parses the query (and form bodies), checks the session (the `session` parameter plus the
// `open-xchange-secret-<hash>` cookie) for actions that need one, calls the registered
// AjaxAction and renders App Suite's envelope: {"data", "timestamp"} or, with HTTP 200, the
// error fields {error, error_params, categories, category, code, error_id, error_desc}
// (ox.md 2.1). Nothing a client sends makes it throw: unknown modules (SVL-0007), unknown
// actions (SVL-0001), a missing action (SVL-0002), bodies over the limit (SVL-0020) and any
// exception from an action become envelope errors.
// Journal: component "facade", kind "ajax.call" per call, data {method, module, action,
// params (password masked), user, status: ok|error, code, category}.
// Thread: registerAction() before the server starts; handle() from any thread.
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/http1/message.hpp"
#include "common/journal/journal.hpp"
#include "mock_facade/ajax/ajax_call.hpp"
#include "mock_facade/ajax/session_store.hpp"

namespace oxh::facade {

class AjaxDispatcher {
 public:
  AjaxDispatcher(journal::Journal& journal, const std::vector<FacadeUser>& users, SessionStore& sessions,
                 std::size_t bodyLimit);

  // Adds (or replaces) module/action. needsSession: resolve the session first (SES-* otherwise).
  void registerAction(const std::string& module, const std::string& action, AjaxAction handler, bool needsSession);
  [[nodiscard]] bool hasModule(const std::string& module) const;

  http1::Response handle(const http1::Request& request);

  // Renders an AjaxError as App Suite's error envelope (without "data").
  nlohmann::json errorEnvelope(const AjaxError& error);

 private:
  struct Registered {
    AjaxAction handler;
    bool needsSession = true;
  };

  journal::Journal& journal_;
  const std::vector<FacadeUser>& users_;
  SessionStore& sessions_;
  std::size_t bodyLimit_;
  std::map<std::string, std::map<std::string, Registered>> modules_;
  std::mutex errorMutex_;
  std::uint64_t errorCounter_ = 0;
  std::int64_t errorPrefix_;
};

// "%s"/"%1$s" placeholders filled from `params` (strings as they are, others dumped).
std::string formatMessage(const std::string& message, const nlohmann::json& params);

// Helpers for actions.
std::string requireParam(const AjaxCall& call, const std::string& name);  // SVL-0002
nlohmann::json requireJsonBody(const AjaxCall& call);                     // SVL-0023 / SVL-0029
bool boolParam(const AjaxCall& call, const std::string& name, bool fallback);
// "1,2,3" -> {1,2,3}; SVL-0010 on anything else.
std::vector<int> intListParam(const AjaxCall& call, const std::string& name);
std::int64_t nowMillis();

}  // namespace oxh::facade
