#include "mock_facade/ajax/login_actions.hpp"

#include "common/http1/query.hpp"
#include "mock_facade/ajax/ajax_errors.hpp"

namespace oxh::facade {

namespace {

nlohmann::json login(FacadeContext& context, const AjaxCall& call) {
  // The password must be in the form body; one in the query string is refused (ox.md 2.2).
  const auto type = call.request.header("Content-Type").value_or("");
  http1::QueryList body;
  if (call.request.method == "POST" && type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    body = http1::parseQuery(call.request.body);
  }
  const auto name = http1::queryParam(body, "name");
  const auto password = http1::queryParam(body, "password");
  if (!name) {
    throw errors::missingParameter("name");
  }
  if (!password) {
    throw errors::missingParameter("password");
  }
  for (std::size_t i = 0; i < context.users.size(); ++i) {
    const auto& user = context.users[i];
    if ((user.login == *name || (!user.email.empty() && user.email == *name)) && user.password == *password) {
      const std::string client = http1::queryParam(body, "client").value_or(call.param("client").value_or("open-xchange-appsuite"));
      const auto session = context.sessions.create(i, client, call.request.header("User-Agent").value_or(""));
      call.reply->headers.emplace_back("Set-Cookie",
                                       secretCookieName(session.cookieHash) + "=" + session.secret + "; Path=/; HttpOnly");
      call.reply->headers.emplace_back("Set-Cookie", "JSESSIONID=" + session.id.substr(0, 16) + ".OXH1; Path=/; HttpOnly");
      call.reply->unwrapped = true;
      return {{"session", session.id},
              {"user", user.login},
              {"user_id", user.userId},
              {"context_id", user.contextId},
              {"locale", "en_US"},
              {"requires_multifactor", false}};
    }
  }
  throw errors::invalidCredentials();
}

}  // namespace

void registerLoginActions(AjaxDispatcher& dispatcher, FacadeContext& context) {
  dispatcher.registerAction("login", "login", [&context](const AjaxCall& call) { return login(context, call); }, false);
  dispatcher.registerAction(
      "login", "logout",
      [&context](const AjaxCall& call) -> nlohmann::json {
        context.sessions.remove(call.sessionId);
        return nullptr;
      },
      true);
}

}  // namespace oxh::facade
