#include "mock_facade/ajax/ajax_dispatcher.hpp"

#include <chrono>
#include <random>

#include "common/http1/query.hpp"
#include "mock_facade/ajax/ajax_errors.hpp"

namespace oxh::facade {

namespace {

constexpr const char* kPrefix = "/ajax/";

http1::Response jsonResponse(const nlohmann::json& body) {
  http1::Response response;
  response.status = 200;
  response.headers.emplace_back("Content-Type", "application/json; charset=UTF-8");
  response.headers.emplace_back("Cache-Control", "no-store, no-cache, must-revalidate, post-check=0, pre-check=0");
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

bool isFormBody(const http1::Request& request) {
  const auto type = request.header("Content-Type").value_or("");
  return type.rfind("application/x-www-form-urlencoded", 0) == 0;
}

}  // namespace

AjaxDispatcher::AjaxDispatcher(journal::Journal& journal, const std::vector<FacadeUser>& users,
                               SessionStore& sessions, std::size_t bodyLimit)
    : journal_(journal), users_(users), sessions_(sessions), bodyLimit_(bodyLimit) {
  std::random_device device;
  errorPrefix_ = static_cast<std::int64_t>(device() % 2000000000U) + 1;
}

void AjaxDispatcher::registerAction(const std::string& module, const std::string& action, AjaxAction handler,
                                    bool needsSession) {
  modules_[module][action] = Registered{std::move(handler), needsSession};
}

bool AjaxDispatcher::hasModule(const std::string& module) const { return modules_.count(module) > 0; }

nlohmann::json AjaxDispatcher::errorEnvelope(const AjaxError& error) {
  std::uint64_t number = 0;
  {
    std::lock_guard lock(errorMutex_);
    number = ++errorCounter_;
  }
  const std::string text = formatMessage(error.what(), error.params());
  // Since 7.4.2 "error" carries the formatted message and error_params is empty (ox.md 2.1).
  return {{"error", text},
          {"error_params", nlohmann::json::array()},
          {"categories", error.category()},
          {"category", errors::legacyCategory(error.category())},
          {"code", error.code()},
          {"error_id", "-" + std::to_string(errorPrefix_) + "-" + std::to_string(number)},
          {"error_desc", text}};
}

http1::Response AjaxDispatcher::handle(const http1::Request& request) {
  const std::string path = request.path();
  std::string module = path.size() > std::string(kPrefix).size() ? path.substr(std::string(kPrefix).size()) : "";
  while (!module.empty() && module.back() == '/') {
    module.pop_back();
  }
  AjaxReply reply;
  AjaxCall call{request, module, {}, {}, nullptr, {}, &reply};
  for (const auto& [name, value] : http1::parseQuery(request.query())) {
    call.params.emplace(name, value);
  }
  if (request.method == "POST" && isFormBody(request) && request.body.size() <= bodyLimit_) {
    for (const auto& [name, value] : http1::parseQuery(request.body)) {
      call.params.emplace(name, value);
    }
  }
  // /ajax/config/<path>: the config tree module addresses its node by path, without an action.
  if (const auto slash = module.find('/'); slash != std::string::npos) {
    call.params["path"] = module.substr(slash + 1);
    module = module.substr(0, slash);
    call.module = module;
  }
  call.action = call.param("action").value_or(module == "config" && request.method == "GET" ? "get" : "");

  nlohmann::json envelope;
  std::string status = "ok";
  std::string code;
  try {
    if (request.body.size() > bodyLimit_) {
      // The middleware refuses oversized uploads (upload limits, com.openexchange.servlet.maxBodySize);
      // its exact code for this is not in ox.md (UNCONFIRMED): SVL-0020 "Bad request" names the limit.
      throw errors::badRequest("The request body of " + std::to_string(request.body.size()) +
                               " bytes exceeds the limit of " + std::to_string(bodyLimit_) + " bytes");
    }
    auto found = modules_.find(module);
    if (module.empty() || found == modules_.end()) {
      throw errors::unknownModule(module);
    }
    if (call.action.empty()) {
      throw errors::missingParameter("action");
    }
    auto action = found->second.find(call.action);
    if (action == found->second.end()) {
      throw errors::unknownAction(call.action);
    }
    if (action->second.needsSession) {
      const auto sessionId = call.param("session");
      if (!sessionId || sessionId->empty()) {
        throw errors::sessionParameterMissing();
      }
      const auto session = sessions_.find(*sessionId);
      if (!session) {
        throw errors::sessionExpired(*sessionId);
      }
      // Missing or wrong secret cookie: the middleware's SessionUtility answers with the
      // expired-session error (which SES code exactly is UNCONFIRMED in ox.md 6).
      const auto secret = requestCookie(request, secretCookieName(session->cookieHash));
      if (!secret || *secret != session->secret) {
        throw errors::sessionExpired(*sessionId);
      }
      call.sessionId = session->id;
      call.user = &users_.at(session->userIndex);
    }
    nlohmann::json data = action->second.handler(call);
    if (reply.raw) {
      envelope = nullptr;
    } else if (reply.unwrapped) {
      envelope = std::move(data);
    } else {
      envelope = {{"data", std::move(data)}, {"timestamp", nowMillis()}};
    }
  } catch (const AjaxError& error) {
    envelope = errorEnvelope(error);
    status = "error";
    code = error.code();
  } catch (const std::exception& error) {
    // Anything else is the server's fault; App Suite wraps it as an unexpected error.
    AjaxError wrapped("SVL-0011", "ERROR", "Unexpected error: %1$s", {error.what()});
    envelope = errorEnvelope(wrapped);
    status = "error";
    code = wrapped.code();
  }

  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, value] : call.params) {
    params[name] = name == "password" ? std::string("***") : value;
  }
  journal::Entry entry;
  entry.component = "facade";
  entry.kind = "ajax.call";
  entry.connection = request.connectionId;
  entry.summary = request.method + " " + module + "." + call.action + " -> " + (status == "ok" ? "ok" : code);
  entry.data = {{"method", request.method}, {"module", module},          {"action", call.action},
                {"params", params},         {"user", call.user ? call.user->login : ""},
                {"status", status},         {"code", code}};
  if (status == "error") {
    entry.data["category"] = envelope.value("categories", "");
    entry.data["error"] = envelope.value("error", "");
  }
  journal_.append(std::move(entry));

  if (reply.raw) {
    auto response = std::move(*reply.raw);
    for (auto& header : reply.headers) {
      response.headers.push_back(std::move(header));
    }
    return response;
  }
  auto response = jsonResponse(envelope);
  for (auto& header : reply.headers) {
    response.headers.push_back(std::move(header));
  }
  return response;
}

std::string formatMessage(const std::string& message, const nlohmann::json& params) {
  std::string out;
  std::size_t next = 0;
  auto text = [&](std::size_t index) -> std::string {
    if (!params.is_array() || index >= params.size()) {
      return "";
    }
    return params[index].is_string() ? params[index].get<std::string>() : params[index].dump();
  };
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '%' && i + 1 < message.size()) {
      if (message[i + 1] == 's') {
        out += text(next++);
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      while (j < message.size() && std::isdigit(static_cast<unsigned char>(message[j]))) {
        ++j;
      }
      if (j > i + 1 && j + 2 < message.size() + 1 && message.compare(j, 2, "$s") == 0) {
        out += text(static_cast<std::size_t>(std::stoul(message.substr(i + 1, j - i - 1))) - 1);
        i = j + 1;
        continue;
      }
    }
    out += message[i];
  }
  return out;
}

std::string requireParam(const AjaxCall& call, const std::string& name) {
  auto value = call.param(name);
  if (!value) {
    throw errors::missingParameter(name);
  }
  return *value;
}

nlohmann::json requireJsonBody(const AjaxCall& call) {
  if (call.request.body.empty()) {
    throw errors::missingBody();
  }
  auto parsed = nlohmann::json::parse(call.request.body, nullptr, false);
  if (parsed.is_discarded()) {
    throw errors::invalidJsonBody();
  }
  return parsed;
}

bool boolParam(const AjaxCall& call, const std::string& name, bool fallback) {
  auto value = call.param(name);
  if (!value || value->empty()) {
    return fallback;
  }
  return *value == "true" || *value == "1" || *value == "yes";
}

std::vector<int> intListParam(const AjaxCall& call, const std::string& name) {
  const std::string text = requireParam(call, name);
  std::vector<int> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find(',', pos);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string item = text.substr(pos, end - pos);
    if (item.empty() || item.size() > 9 || item.find_first_not_of("0123456789") != std::string::npos) {
      throw errors::invalidParameter(name, text);
    }
    out.push_back(std::stoi(item));
    pos = end + 1;
  }
  return out;
}

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace oxh::facade
