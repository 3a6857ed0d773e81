#pragma once
// The contract between the fake App Suite's /ajax dispatcher (mock_facade/ajax) and the modules
// it serves (mail, folders, login, pns, ...). A module action receives an AjaxCall for a request
// whose session (when the action needs one) is already resolved, and returns the envelope's
// "data" value, or throws AjaxError, which the dispatcher renders as App Suite does: HTTP 200
// with error, error_params, categories, category, code, error_id and error_desc (ox.md 2.1).
// Thread: value types; a module handler must be thread-safe when the io_context has threads.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "common/http1/message.hpp"

namespace oxh::facade {

// One provisioned user as the middleware knows them (login data and mail access).
struct FacadeUser {
  std::string login;     // what /ajax/login takes as "name"
  std::string password;
  std::int64_t userId = 0;
  std::int64_t contextId = 1;
  std::string imapLogin;     // empty: same as login
  std::string imapPassword;  // empty: same as password
  std::string email;         // primary address; empty: login@example.com
  std::string flagging = "flaggedOnly";  // colorOnly | flaggedOnly | flaggedAndColor | flaggedImplicit
  int defaultColor = 1;                  // color set by flaggedImplicit / flaggedAndColor
  // The user's time zone for Time values (ox.md 2.1): "UTC", "+HH:MM"/"-HH:MM", or a zone with
  // the EU summer-time rule ("Europe/Berlin", "Europe/Paris", ...; CET/CEST).
  std::string timeZone = "Europe/Berlin";
};

// An App Suite error (ox.md 2.1): code "<PREFIX>-<4 digits>", the category id, the
// (untranslated) message with %s placeholders and its parameters.
class AjaxError : public std::runtime_error {
 public:
  AjaxError(std::string code, std::string category, std::string message, nlohmann::json params = nlohmann::json::array())
      : std::runtime_error(message), code_(std::move(code)), category_(std::move(category)), params_(std::move(params)) {}
  [[nodiscard]] const std::string& code() const { return code_; }
  [[nodiscard]] const std::string& category() const { return category_; }  // "USER_INPUT", ...
  [[nodiscard]] const nlohmann::json& params() const { return params_; }

 private:
  std::string code_;
  std::string category_;
  nlohmann::json params_;
};

// What an action may add to its answer besides "data": headers (Set-Cookie), an unwrapped
// body (login answers its fields at the top level), or a whole raw response (attachments).
struct AjaxReply {
  http1::HeaderList headers;
  bool unwrapped = false;               // render the returned object as the whole body
  std::optional<http1::Response> raw;   // send this response as it is
};

struct AjaxCall {
  const http1::Request& request;
  std::string module;                         // "pns" for /ajax/pns
  std::string action;                         // the "action" query parameter
  std::map<std::string, std::string> params;  // decoded query parameters
  const FacadeUser* user = nullptr;           // the session's user; null for session-less actions
  std::string sessionId;
  AjaxReply* reply = nullptr;  // set by the dispatcher; never null inside an action

  [[nodiscard]] std::optional<std::string> param(const std::string& name) const {
    auto it = params.find(name);
    if (it == params.end()) return std::nullopt;
    return it->second;
  }
};

// A module action: returns the envelope's "data"; throws AjaxError.
using AjaxAction = std::function<nlohmann::json(const AjaxCall&)>;

}  // namespace oxh::facade
